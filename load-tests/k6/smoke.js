// One shopper through the whole flow, once: a sale that is open at once, a funded wallet, the human
// check (HUMAN_CHECK, proof of work by default), purchase token, purchase at its purchaseUrl, poll the
// order, pay, poll until paid; then the same integrity verification as the spike. Run it first against
// a new deployment: if this fails, the spike would only say so louder.
//
//   k6 run load-tests/k6/smoke.js
import { check } from 'k6';
import { envDuration, sale } from './lib/config.js';
import { waitUntilReady, newRunId, adminToken, serverClockOffset, shoppers, fundWallets, roundMoney, createSale } from './lib/prepare.js';
import { humanCheck, purchaseToken, purchase, completeOrder } from './lib/shopper.js';
import { verifySale } from './lib/integrity.js';
import { summaryFiles } from './lib/summary.js';

export const options = {
  scenarios: {
    smoke: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: envDuration('SMOKE_MAX_DURATION', '2m') },
  },
  thresholds: {
    checks: ['rate==1'],
    unexpected_responses: ['rate==0'],
    http_req_failed: ['rate==0'],
    purchases_accepted: ['count==1'],
    orders_paid: ['count==1'],
    integrity_violations: ['count==0'],
    // One right, fresh solution: refusing it even once is a broken check, although a shopper would retry.
    human_check_failures: ['count==0'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(95)', 'p(99)', 'count'],
  setupTimeout: envDuration('SETUP_TIMEOUT', '2m'),
  teardownTimeout: envDuration('TEARDOWN_TIMEOUT', '3m'),
};

export function setup() {
  waitUntilReady();
  const runId = newRunId();
  const admin = adminToken();
  const one = shoppers(runId, 1);
  fundWallets(admin, one, roundMoney(sale.price));
  // Opens now by the server's clock: no countdown to wait through.
  const created = createSale(admin, runId, {
    price: sale.price,
    stock: sale.stock,
    perUserLimit: 1,
    duration: sale.duration,
    humanCheck: sale.humanCheck,
    humanCheckMaxNumber: sale.humanCheckMaxNumber,
  }, 0, serverClockOffset());
  console.log(`run ${runId}: sale ${created.sale.id} (human check ${created.sale.humanCheck || 'none'}), shopper ${one[0].id}`);
  return { runId, adminToken: admin, sale: created.sale, shoppers: one };
}

export default function (data) {
  const shopper = data.shoppers[0];
  const proof = humanCheck(shopper, data.sale);
  if (!check(proof, { 'smoke: human check passed': (p) => p.passed })) {
    return;
  }

  const token = purchaseToken(shopper, data.sale, proof);
  if (!check(token, { 'smoke: purchase token issued': (t) => t.outcome === 'issued' })) {
    return;
  }

  const attempt = purchase(shopper, token, 1, `${data.runId}-smoke`);
  if (!check(attempt, { 'smoke: purchase accepted': (a) => a.outcome === 'accepted' })) {
    return;
  }

  const status = completeOrder(shopper, attempt.orderId, Date.now(), 0);
  check(status, { 'smoke: order paid': (s) => s === 'paid' });
}

export function teardown(data) {
  verifySale(data);
}

export const handleSummary = summaryFiles('smoke', 'FlashSale smoke');

