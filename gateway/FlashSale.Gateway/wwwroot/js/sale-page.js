// One sale: the countdown on the server's clock, the buy button (grey until the start, one click per 5 s, one
// Idempotency-Key per purchase so a double click or a retry cannot make a second order), then the order followed
// by long polls until it is paid or cancelled, and the payment from the wallet.
import { api, ApiError, delay, newKey } from './api.js';
import { formatSpan, serverNow } from './clock.js';

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
  }

  setSession(session) {
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
    const buy = $('buy');
    buy.disabled = !open || !this.session || this.busy || performance.now() < this.nextClickAt;
    buy.title = this.session ? '' : 'Sign in to buy';
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
      message('Getting your purchase token…');
      const { token } = await api(`/api/sales/${sale.id}/purchase-token`, { method: 'POST', token: session.token });
      message('Reserving your unit…');
      const { orderId } = await api(`/api/sales/${sale.id}/purchases`,
        { method: 'POST', token: session.token, idempotencyKey: remembered.purchaseKey, body: { token, quantity: 1 } });
      // Decided: a later click is a new purchase (the server's per-shopper limit says whether it may be).
      this.remember({ ...remembered, purchaseKey: undefined, orderId });
      message('Reserved: your order is on its way.');
      this.follow(orderId);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // Decided (sold out, limit reached...): the next click is a new purchase. Not decided: same key again.
      if (!error.transient) this.remember({ ...remembered, purchaseKey: undefined });
      message(purchaseMessage(error), true);
      if (error.kind === 'sold-out') this.sale = { ...sale, status: 'soldOut' };
    } finally {
      this.busy = false;
      this.tick();
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
    default: return error.message;
  }
}

function message(text, isError = false) {
  const element = $('buy-message');
  element.textContent = text;
  element.classList.toggle('error', isError);
}

export const money = value => Number(value).toFixed(2);
export const units = count => `${count} unit${count === 1 ? '' : 's'}`;
