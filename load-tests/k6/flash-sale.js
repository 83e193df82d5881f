// The spike. Setup publishes a sale that opens START_DELAY after it and prepares SHOPPERS funded
// shoppers. Meanwhile a countdown crowd reads the sale and the server clock; at the opening instant
// an open-model arrival rate climbs to PEAK_RATE shoppers per second within RAMP_UP: each solves the
// sale's proof of work (HUMAN_CHECK, on by default), asks for a purchase token and purchases at the
// token's purchaseUrl; winners poll their order and pay (NEVER_PAY_SHARE of them never do), losers see
// sold-out. Teardown waits for quiet and fails the run if anything was oversold, lost or left drifting
// between Redis and PostgreSQL.
//
//   k6 run load-tests/k6/flash-sale.js
//   k6 run -e BASE_URL=http://gateway:8080 -e SALE_STOCK=1000 -e PEAK_RATE=2000 load-tests/k6/flash-sale.js
//   k6 run -e HUMAN_CHECK=none load-tests/k6/flash-sale.js
import exec from 'k6/execution';
import { sleep } from 'k6';
import { durationMs, envDuration, envInt, limits, sale, shopping } from './lib/config.js';
import { waitUntilReady, newRunId, adminToken, serverClockOffset, shoppers, fundWallets, roundMoney, createSale } from './lib/prepare.js';
import { humanCheck, purchaseToken, purchase, completeOrder } from './lib/shopper.js';
import { verifySale } from './lib/integrity.js';
import { viewSale, serverTime } from './lib/reads.js';
import { summaryFiles } from './lib/summary.js';

const spike = {
  startRate: envInt('START_RATE', 50, 0),
  peakRate: envInt('PEAK_RATE', 300, 1),
  rampUp: envDuration('RAMP_UP', '3s'),
  hold: envDuration('HOLD', '20s'),
  rampDown: envDuration('RAMP_DOWN', '5s'),
  preAllocatedVUs: envInt('PRE_ALLOCATED_VUS', 100, 1),
  maxVUs: envInt('MAX_VUS', 500, 1),
  countdownRate: envInt('COUNTDOWN_RATE', 20, 1),
};

// A winner's iteration lasts until its order is paid: let it finish after the arrivals stop.
const winnerTime = `${Math.ceil((durationMs(shopping.orderTimeout) + durationMs(shopping.paymentTimeout)) / 1000) + 10}s`;

// Reads during the countdown, when there is one (START_DELAY=0s opens the sale at once).
const countdownScenario = durationMs(sale.startDelay) === 0 ? {} : {
  countdown: {
    executor: 'constant-arrival-rate',
    exec: 'countdown',
    rate: spike.countdownRate,
    timeUnit: '1s',
    duration: sale.startDelay,
    preAllocatedVUs: Math.max(1, Math.ceil(spike.countdownRate / 10)),
    maxVUs: Math.max(10, spike.countdownRate),
  },
};

export const options = {
  scenarios: Object.assign(countdownScenario, {
    flash_sale: {
      executor: 'ramping-arrival-rate',
      exec: 'shopper',
      startTime: sale.startDelay,
      startRate: spike.startRate,
      timeUnit: '1s',
      stages: [
        { duration: spike.rampUp, target: spike.peakRate },
        { duration: spike.hold, target: spike.peakRate },
        { duration: spike.rampDown, target: 0 },
      ],
      preAllocatedVUs: spike.preAllocatedVUs,
      maxVUs: spike.maxVUs,
      gracefulStop: winnerTime,
    },
  }),
  thresholds: {
    'http_req_duration{endpoint:purchase}': [`p(95)<${limits.purchaseP95}`, `p(99)<${limits.purchaseP99}`],
    'http_req_duration{endpoint:purchase-token}': [`p(95)<${limits.purchaseP95}`, `p(99)<${limits.purchaseP99}`],
    // Every shopper of a proof-of-work sale asks for one, in the rush too: held to the purchase path's limits.
    'http_req_duration{endpoint:challenge}': [`p(95)<${limits.purchaseP95}`, `p(99)<${limits.purchaseP99}`],
    'http_req_duration{endpoint:sale-view}': [`p(95)<${limits.readP95}`, `p(99)<${limits.readP99}`],
    http_req_failed: [`rate<${limits.errorRate}`],
    unexpected_responses: [
      { threshold: `rate<${limits.abortErrorRate}`, abortOnFail: true, delayAbortEval: '10s' },
      `rate<${limits.errorRate}`,
    ],
    checks: [`rate>${limits.checkRate}`],
    purchases_accepted: ['count>0'],
    integrity_violations: ['count==0'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count'],
  setupTimeout: envDuration('SETUP_TIMEOUT', '5m'),
  teardownTimeout: envDuration('TEARDOWN_TIMEOUT', '5m'),
};

export function setup() {
  waitUntilReady();
  const runId = newRunId();
  const admin = adminToken();
  const crowd = shoppers(runId, sale.shoppers);
  fundWallets(admin, crowd, roundMoney(sale.price * sale.perUserLimit));
  // Last, so the sale opens START_DELAY after setup ends, when the flash_sale scenario starts.
  const created = createSale(admin, runId, sale, durationMs(sale.startDelay), serverClockOffset());
  console.log(`run ${runId}: sale ${created.sale.id} with ${sale.stock} unit(s) opens in ${sale.startDelay}; ${crowd.length} shoppers; ` +
    `human check ${describeHumanCheck(created.sale)}`);
  return { runId, adminToken: admin, sale: created.sale, startsAtLocalMs: created.startsAtLocalMs, shoppers: crowd };
}

/** The check as the API answered the creation, which is what the shoppers go by. */
function describeHumanCheck(answered) {
  return answered.humanCheck === 'proof-of-work' ? `proof-of-work (maxnumber ${answered.humanCheckMaxNumber})` : 'none';
}

/** Before the opening: shoppers refresh the sale page and sync their countdown to the server clock. */
export function countdown(data) {
  viewSale(data.sale.id);
  serverTime();
}

/** One arrival: a shopper at the opening instant (shoppers repeat once SHOPPERS have all arrived). */
export function shopper(data) {
  const iteration = exec.scenario.iterationInTest;
  const who = data.shoppers[iteration % data.shoppers.length];
  // The check first, the wait after: an arrival ahead of the server's opening (clocks differ) solves while it
  // waits, as the storefront does during the countdown; a later one solves once it arrives, as a late shopper must.
  const proof = humanCheck(who, data.sale);
  const early = data.startsAtLocalMs - Date.now();
  if (early > 0) {
    sleep(early / 1000);
  }

  if (!proof.passed) {
    return;
  }

  const token = purchaseToken(who, data.sale, proof);
  if (token.outcome !== 'issued') {
    return;
  }

  const attempt = purchase(who, token, 1, `${data.runId}-${iteration}`);
  if (attempt.outcome === 'accepted') {
    completeOrder(who, attempt.orderId, Date.now(), shopping.neverPayShare);
  }
}

export function teardown(data) {
  verifySale(data);
}

export const handleSummary = summaryFiles('flash-sale', 'FlashSale flash-sale');
