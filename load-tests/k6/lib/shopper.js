// One shopper's steps through the sale, as the storefront would take them: the human check where the sale
// has one (a challenge, solved on the shopper's machine), purchase token, purchase at the token's purchaseUrl,
// wait for the order (a long poll, GET /api/orders/{id}?waitFor=), pay, wait until paid. Each step records
// its outcome in the custom metrics and a check, so every script that walks the flow reports it the same way.
import { check, sleep } from 'k6';
import { durationMs, shopping } from './config.js';
import { requests, send, json, outcomeOf } from './api.js';
import { judge } from './judge.js';
import { isChallenge, solve, solution } from './proof-of-work.js';
import * as m from './metrics.js';

const CHALLENGE_OUTCOMES = { 200: 'issued', '429:rate-limited': 'rate-limited' };

/**
 * The human check `sale` (as the API shows it) asks for: for 'proof-of-work', a challenge fetched and solved —
 * before the opening where the script waits for it, as the storefront solves while the shopper waits.
 * { outcome: 'solved' | 'not-required' | 'rate-limited' | 'unexpected', passed, payload }: payload is what the
 * purchase-token request carries (null when the sale has no check).
 */
export function humanCheck(shopper, sale) {
  if (sale.humanCheck !== 'proof-of-work') {
    return { outcome: 'not-required', passed: true, payload: null };
  }

  const response = send(requests.challenge(shopper.token, sale.id));
  let outcome = outcomeOf(response, CHALLENGE_OUTCOMES);
  let payload = null;
  if (outcome === 'issued') {
    const challenge = json(response);
    payload = isChallenge(challenge) ? solved(challenge) : null;
    outcome = payload ? 'solved' : 'unexpected';
  }

  judge('challenge', response, outcome);
  if (outcome === 'rate-limited') {
    m.purchasesRateLimited.add(1, { step: 'challenge' });
  }

  return { outcome, passed: outcome === 'solved', payload };
}

/** The solution of `challenge`, timed and counted as the shopper's cost; null when no number in its range solves it. */
function solved(challenge) {
  const started = Date.now();
  const found = solve(challenge);
  m.humanCheckSolveTime.add(Date.now() - started);
  m.humanCheckHashes.add(found.hashes);
  return found.number === null ? null : solution(challenge, found.number);
}

const TOKEN_OUTCOMES = {
  200: 'issued',
  '429:rate-limited': 'rate-limited',
  '403:sale-not-started': 'not-started',
  '403:human-check-failed': 'human-check-failed',
};

// A shopper who clicks a moment before the opening (clocks agree only to within a round trip) tries again.
const NOT_STARTED_RETRY_S = 0.1;
const NOT_STARTED_PATIENCE_MS = 3000;

/**
 * POST /api/sales/{id}/purchase-token, carrying `proof`: what humanCheck() returned, once it passed.
 * { outcome: 'issued' | 'rate-limited' | 'not-started' | 'human-check-failed' | 'unexpected', token, purchaseUrl }
 */
export function purchaseToken(shopper, sale, proof) {
  const giveUpAt = Date.now() + NOT_STARTED_PATIENCE_MS;
  let payload = proof.payload;
  let refused = false;
  for (;;) {
    const response = send(requests.purchaseToken(shopper.token, sale.id, payload));
    let outcome = outcomeOf(response, TOKEN_OUTCOMES);
    const body = json(response);
    if (outcome === 'issued' && !(body && body.token && body.purchaseUrl)) {
      outcome = 'unexpected';
    }

    // A 403 [sale-not-started] leaves the solution unspent, so the same one goes again.
    if (outcome === 'not-started' && Date.now() < giveUpAt) {
      sleep(NOT_STARTED_RETRY_S);
      continue;
    }

    // What the storefront does when a solution is refused (expired, say): a fresh challenge, solved, sent once.
    // Ours are fresh and right, so a second refusal means the check itself is broken.
    if (outcome === 'human-check-failed' && !refused) {
      judge('purchase-token', response, outcome);
      m.humanCheckFailures.add(1);
      refused = true;
      const fresh = humanCheck(shopper, sale);
      if (!fresh.passed) {
        return { outcome: 'human-check-failed', token: null, purchaseUrl: null };
      }

      payload = fresh.payload;
      continue;
    }

    judge('purchase-token', response, outcome === 'not-started' || outcome === 'human-check-failed' ? 'unexpected' : outcome);
    if (outcome === 'rate-limited') {
      m.purchasesRateLimited.add(1, { step: 'purchase-token' });
    }

    const issued = outcome === 'issued';
    return { outcome, token: issued ? body.token : null, purchaseUrl: issued ? body.purchaseUrl : null };
  }
}

const PURCHASE_OUTCOMES = {
  202: 'accepted',
  '409:sold-out': 'sold-out',
  '403:limit-reached': 'limit-reached',
  '429:rate-limited': 'rate-limited',
};

/**
 * POST {purchaseUrl} with `issued`, what purchaseToken() returned (the address is known only with the token).
 * { outcome: 'accepted' | 'sold-out' | 'limit-reached' | 'rate-limited' | 'unexpected', orderId }
 */
export function purchase(shopper, issued, quantity, idempotencyKey) {
  const response = send(requests.purchase(shopper.token, issued.purchaseUrl, issued.token, quantity, idempotencyKey));
  let outcome = outcomeOf(response, PURCHASE_OUTCOMES);
  const body = json(response);
  if (outcome === 'accepted' && !(body && body.orderId && body.status === 'pending')) {
    outcome = 'unexpected';
  }

  judge('purchase', response, outcome);
  if (outcome === 'accepted') {
    m.purchasesAccepted.add(quantity);
  } else if (outcome === 'sold-out') {
    m.purchasesSoldOut.add(1);
  } else if (outcome === 'limit-reached') {
    m.purchasesLimitReached.add(1);
  } else if (outcome === 'rate-limited') {
    m.purchasesRateLimited.add(1, { step: 'purchase' });
  }

  return { outcome, orderId: outcome === 'accepted' ? body.orderId : null };
}

const FINAL = ['paid', 'cancelled'];
const LONG_POLL_S = 20;

/**
 * Waits on GET /api/orders/{id}?waitFor=... (a long poll: the order service answers when the order moves)
 * until it is in one of `statuses` or final, or the timeout. An accepted order id must always answer 200
 * (pending while it is being created), never 404. POLL_INTERVAL only paces a retry after an unexpected answer.
 * Returns { status, order, timedOut }.
 */
export function waitForOrder(shopper, orderId, statuses, timeout) {
  const deadline = Date.now() + durationMs(timeout);
  const pause = durationMs(shopping.pollInterval) / 1000;
  let order = null;
  for (;;) {
    const left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    const response = send(requests.order(shopper.token, orderId, statuses, Math.min(LONG_POLL_S, left)));
    const body = json(response);
    const outcome = response.status === 200 && body && body.id === orderId && body.status ? 'found' : 'unexpected';
    judge('order', response, outcome);
    if (outcome === 'found') {
      order = body;
      if (statuses.includes(order.status) || FINAL.includes(order.status)) {
        return { status: order.status, order, timedOut: false };
      }
    }

    if (Date.now() >= deadline) {
      return { status: order ? order.status : null, order, timedOut: true };
    }

    if (outcome !== 'found') {
      sleep(pause);
    }
  }
}

const PAYMENT_OUTCOMES = { 202: 'processing', '409:order-not-payable': 'not-payable' };

/** { outcome: 'processing' | 'not-payable' | 'unexpected' } */
export function pay(shopper, orderId) {
  const response = send(requests.pay(shopper.token, orderId, `pay-${orderId}`));
  let outcome = outcomeOf(response, PAYMENT_OUTCOMES);
  const body = json(response);
  if (outcome === 'processing' && !(body && body.paymentId)) {
    outcome = 'unexpected';
  }

  judge('payment', response, outcome);
  return { outcome };
}

/**
 * What a winner does after the 202: waits for the order, then pays it — unless this shopper is one of
 * the share that never pays — and waits until it is paid. Returns the final order status as seen.
 */
export function completeOrder(shopper, orderId, acceptedAt, neverPayShare) {
  const ready = waitForOrder(shopper, orderId, ['awaitingPayment'], shopping.orderTimeout);
  const created = check(ready, { 'order: leaves pending for awaitingPayment': (r) => r.status === 'awaitingPayment' });
  if (!created) {
    if (ready.timedOut) {
      m.ordersStuck.add(1, { stage: 'order' });
    } else if (ready.status === 'cancelled') {
      m.ordersCancelled.add(1, { stage: 'order' });
    }

    return ready.status;
  }

  m.orderReadyTime.add(Date.now() - acceptedAt);
  if (Math.random() < neverPayShare) {
    m.ordersAbandoned.add(1);
    return ready.status;
  }

  const paidFrom = Date.now();
  if (pay(shopper, orderId).outcome !== 'processing') {
    return ready.status;
  }

  const settled = waitForOrder(shopper, orderId, FINAL, shopping.paymentTimeout);
  check(settled, { 'payment: order ends paid': (r) => r.status === 'paid' });
  if (settled.status === 'paid') {
    m.ordersPaid.add(1);
    m.paymentSettleTime.add(Date.now() - paidFrom);
  } else if (settled.timedOut) {
    m.ordersStuck.add(1, { stage: 'payment' });
  } else {
    m.ordersCancelled.add(1, { stage: 'payment' });
  }

  return settled.status;
}
