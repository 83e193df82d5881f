// One sale: the countdown on the server's clock, the human check where the sale has one (human-check.js: solved
// while the shopper waits), the buy button (grey until the start and the solved check, one click per 5 s, one
// Idempotency-Key per purchase so a double click or a retry cannot make a second order), the purchase at the
// purchaseUrl handed out with the token, then the order followed by long polls until it is paid or cancelled,
// and the payment from the wallet.
import { api, ApiError, delay, newKey } from './api.js';
import { formatSpan, serverNow } from './clock.js';
import { HumanCheck, proofOfWork } from './human-check.js';

const clickSpacingMs = 5000;
const finalStatuses = ['paid', 'cancelled'];
const $ = id => document.getElementById(id);

export class SalePage {
  constructor({ session, onWalletChanged }) {
    this.session = session;
    this.onWalletChanged = onWalletChanged;
    this.sale = null;
    this.busy = false;
    this.nextClickAt = 0;
    this.following = null;
    // The last purchase token (with its purchaseUrl): reused while it lasts, so a retry needs no new human check.
    this.purchaseToken = null;
    this.check = new HumanCheck(() => this.tick());
    $('buy').addEventListener('click', () => this.buy());
    $('pay').addEventListener('click', () => this.pay());
  }

  async show(saleId) {
    this.leave();
    this.abort = new AbortController();
    $('order').hidden = true;
    message('');
    try {
      this.sale = await api(`/api/sales/${encodeURIComponent(saleId)}`, { signal: this.abort.signal });
    } catch (error) {
      if (error.name === 'AbortError') return;
      this.sale = null;
      $('sale-name').textContent = 'Sale not found';
      message(error.message, true);
      return;
    }
    const sale = this.sale;
    $('sale-name').textContent = sale.name;
    $('sale-price').textContent = money(sale.price);
    $('sale-facts').textContent = `${units(sale.initialStock)} · at most ${sale.perUserLimit} per shopper · ` +
      `${new Date(sale.startsAt).toLocaleString()} – ${new Date(sale.endsAt).toLocaleString()}`;
    this.timer = setInterval(() => this.tick(), 200);
    this.refresher = setInterval(() => this.refreshStatus(), 5000);
    this.tick();
    const remembered = this.remembered();
    if (remembered?.orderId) this.follow(remembered.orderId);
  }

  leave() {
    clearInterval(this.timer);
    clearInterval(this.refresher);
    this.abort?.abort();
    this.following = null;
    this.sale = null;
    this.check.reset();
    this.purchaseToken = null;
  }

  setSession(session) {
    if (session?.userId !== this.session?.userId) {
      // Challenges and tokens are bound to their shopper.
      this.check.reset();
      this.purchaseToken = null;
    }
    if (!session) {
      // Signed out: the order on screen is no longer this shopper's to follow.
      this.following = null;
      $('order').hidden = true;
    }
    this.session = session;
    this.tick();
    if (session && this.sale && this.remembered()?.orderId) this.follow(this.remembered().orderId);
  }

  tick() {
    const sale = this.sale;
    if (!sale) return;
    const now = serverNow(), starts = Date.parse(sale.startsAt), ends = Date.parse(sale.endsAt);
    let text, open = false;
    if (now < starts) text = `Opens in ${formatSpan(starts - now)}`;
    else if (now >= ends || sale.status === 'ended') text = 'This sale has ended';
    else if (sale.status === 'soldOut') text = 'Sold out';
    else { text = `Open now · ends in ${formatSpan(ends - now)}`; open = true; }
    const countdown = $('countdown');
    countdown.textContent = text;
    countdown.dataset.state = open ? 'open' : now < starts ? 'upcoming' : 'closed';
    const closed = !open && now >= starts;
    // Solved before the start, and again when the challenge or the token in hand is about to run out.
    if (this.needsCheck() && this.session && !closed && !this.tokenLasts(15_000)) this.check.prepare(sale.id, this.session);
    this.showCheck(closed);
    const checked = !this.needsCheck() || !!this.check.ready() || this.tokenLasts(5000);
    const buy = $('buy');
    buy.disabled = !open || !this.session || !checked || this.busy || performance.now() < this.nextClickAt;
    buy.title = !this.session ? 'Sign in to buy' : checked ? '' : 'Waiting for the human check';
  }

  needsCheck() {
    return this.sale?.humanCheck === proofOfWork && this.check.state !== 'not-required';
  }

  /** Whether the purchase token in hand is this shopper's for this sale and good for marginMs more. */
  tokenLasts(marginMs) {
    const held = this.purchaseToken;
    return !!held && held.saleId === this.sale?.id && held.userId === this.session?.userId
      && Date.parse(held.expiresAt) - serverNow() > marginMs;
  }

  showCheck(closed) {
    const check = this.check;
    let state = '', text = '';
    if (this.needsCheck()) {
      if (!this.session) [state, text] = ['signed-out', 'Human check: starts once you sign in'];
      else if (check.solving) [state, text] = ['solving', 'Human check: solving…'];
      else if (check.ready(0)) [state, text] = ['done', `Human check: done in ${check.solution.seconds.toFixed(1)} s`];
      else if (closed) [state, text] = ['', ''];
      else if (check.state === 'failed') [state, text] = ['failed', `Human check: failed (${check.detail}); trying again…`];
      else if (check.state === 'refused') [state, text] = ['refused', 'Human check: refused; solving a new one…'];
      else if (check.state === 'spent') [state, text] = ['spent', 'Human check: used for your purchase token'];
      else [state, text] = ['waiting', 'Human check: waiting…'];
    }
    const element = $('human-check');
    element.hidden = !text;
    if (element.textContent !== text) element.textContent = text;
    element.dataset.state = state;
  }

  async refreshStatus() {
    if (!this.sale) return;
    try {
      this.sale = await api(`/api/sales/${this.sale.id}`, { signal: this.abort.signal, cache: 'default' });
    } catch {
      // The countdown runs on: the next refresh tries again.
    }
  }

  async buy() {
    if (this.busy || !this.session || performance.now() < this.nextClickAt) return;
    this.busy = true;
    this.nextClickAt = performance.now() + clickSpacingMs;
    this.tick();
    const sale = this.sale, session = this.session;
    const remembered = this.remembered() ?? {};
    remembered.purchaseKey ??= newKey();
    this.remember(remembered);
    try {
      const { token, purchaseUrl } = await this.tokenFor(sale, session);
      message('Reserving your unit…');
      const { orderId } = await api(sameOriginPath(purchaseUrl),
        { method: 'POST', token: session.token, idempotencyKey: remembered.purchaseKey, body: { token, quantity: 1 } });
      // Decided: a later click is a new purchase (the server's per-shopper limit says whether it may be).
      this.remember({ ...remembered, purchaseKey: undefined, orderId });
      message('Reserved: your order is on its way.');
      this.follow(orderId);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.kind === 'invalid-token' || error.kind === 'purchase-address-unknown') this.purchaseToken = null;
      // Decided (sold out, limit reached...): the next click is a new purchase. Not decided: same key again.
      if (!error.transient) this.remember({ ...remembered, purchaseKey: undefined });
      message(purchaseMessage(error), true);
      if (error.kind === 'sold-out' && this.sale?.id === sale.id) this.sale = { ...this.sale, status: 'soldOut' };
    } finally {
      this.busy = false;
      this.tick();
    }
  }

  /**
   * A purchase token and its purchaseUrl: the one in hand while it lasts, else a new one, for which a sale with a
   * proof-of-work check spends the solved challenge. Refused (human-check-failed: expired, or spent by a request
   * whose answer was lost), a new challenge is solved and the request made once more.
   */
  async tokenFor(sale, session) {
    if (this.tokenLasts(5000)) return this.purchaseToken;
    this.purchaseToken = null;
    for (let attempt = 1; ; attempt++) {
      let solution = null;
      if (this.needsCheck()) {
        if (!this.check.ready()) message('Finishing the human check…');
        solution = await this.check.take(sale.id, session);
        if (!solution) {
          throw new ApiError(0, { type: 'human-check-unsolved', detail: `The human check is not solved${this.check.detail ? ` (${this.check.detail})` : ''}: try again in a moment.` });
        }
      }
      message('Getting your purchase token…');
      try {
        const answer = await api(`/api/sales/${sale.id}/purchase-token`,
          { method: 'POST', token: session.token, body: solution ? { humanCheck: solution.payload } : undefined });
        // Held first: dropping the spent solution redraws the page, which must not start a new solve for nothing.
        this.purchaseToken = { ...answer, saleId: sale.id, userId: session.userId };
        if (solution) this.check.drop(solution, 'spent');
        return answer;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        // A sale-not-started (or any other) answer leaves the solution unspent: it is sent again on the next click.
        if (error.kind === 'human-check-failed' && solution) this.check.drop(solution, 'refused');
        if (error.kind === 'human-check-required' && this.sale === sale) this.sale = sale = { ...sale, humanCheck: proofOfWork };
        if (attempt > 1 || !['human-check-failed', 'human-check-required'].includes(error.kind)) throw error;
        message('The human check was refused: solving a new one…');
      }
    }
  }

  async follow(orderId) {
    if (this.following === orderId) return;
    this.following = orderId;
    $('order').hidden = false;
    $('order-id').textContent = orderId;
    showStatus({ status: 'pending' });
    let waitFor = 'awaitingPayment,paid,cancelled';
    while (this.following === orderId) {
      try {
        const order = await api(`/api/orders/${orderId}?waitFor=${waitFor}&wait=20`, { token: this.session.token, signal: this.abort.signal });
        if (this.following !== orderId) return;
        showStatus(order);
        if (finalStatuses.includes(order.status)) {
          $('pay').hidden = true;
          message(order.status === 'paid' ? 'Paid: the unit is yours.' : 'This order was cancelled; its unit went back on sale.', order.status !== 'paid');
          this.onWalletChanged();
          return;
        }
        const payable = order.status === 'awaitingPayment';
        $('pay').hidden = !payable && !this.remembered()?.payKey;
        $('pay').disabled = !payable;
        if (payable) waitFor = 'paying,paid,cancelled';
        if (order.status === 'paying') waitFor = 'paid,cancelled';
      } catch (error) {
        if (error.name === 'AbortError') return;
        if (error.status === 404) { showStatus({ status: 'unknown' }); message(error.message, true); return; }
        await delay(error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 1000);
      }
    }
  }

  async pay() {
    const remembered = this.remembered();
    if (!remembered?.orderId || $('pay').disabled) return;
    $('pay').disabled = true;
    remembered.payKey ??= newKey();
    this.remember(remembered);
    try {
      await api(`/api/orders/${remembered.orderId}/payment`, { method: 'POST', token: this.session.token, idempotencyKey: remembered.payKey });
      message('Payment accepted: waiting for the wallet and the provider…');
      this.onWalletChanged();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      message(error.message, true);
      $('pay').disabled = !error.transient;
      if (error.transient) setTimeout(() => { $('pay').disabled = false; }, 1000);
    }
  }

  rememberedKey() {
    return this.sale && this.session ? `flashsale.purchase.${this.sale.id}.${this.session.userId}` : null;
  }

  remembered() {
    const key = this.rememberedKey();
    try { return key ? JSON.parse(sessionStorage.getItem(key)) : null; } catch { return null; }
  }

  remember(value) {
    const key = this.rememberedKey();
    if (key) sessionStorage.setItem(key, JSON.stringify(value));
  }
}

function showStatus(order) {
  const status = $('order-status');
  status.textContent = order.status;
  status.dataset.status = order.status;
  const detail = order.status === 'awaitingPayment' && order.paymentDeadline
    ? `pay before ${new Date(order.paymentDeadline).toLocaleTimeString()}`
    : order.cancelReason ? `(${order.cancelReason})` : order.status === 'paid' ? `${money(order.amount)} paid` : '';
  $('order-detail').textContent = detail;
}

function purchaseMessage(error) {
  switch (error.kind) {
    case 'sold-out': return 'Sold out: every unit is taken. Units of unpaid orders come back when their time runs out.';
    case 'limit-reached': return 'You already hold as many units of this sale as one shopper may.';
    case 'rate-limited': return `Too many tries: wait ${error.retryAfterSeconds ?? 5} s.`;
    case 'sale-not-started': return 'Not open yet: the button turns on at the start.';
    case 'human-check-failed': return 'The human check was refused twice: a new one is being solved, then try again.';
    default: return error.message;
  }
}

/** The purchaseUrl as a path on this origin (the CSP allows no other, and the token must go nowhere else). */
function sameOriginPath(purchaseUrl) {
  const url = new URL(purchaseUrl ?? '', location.origin);
  if (!purchaseUrl || url.origin !== location.origin) {
    throw new ApiError(0, { type: 'purchase-address-unknown', detail: 'The purchase token came without a purchase address on this site.' });
  }
  return url.pathname + url.search;
}

function message(text, isError = false) {
  const element = $('buy-message');
  element.textContent = text;
  element.classList.toggle('error', isError);
}

export const money = value => Number(value).toFixed(2);
export const units = count => `${count} unit${count === 1 ? '' : 's'}`;
