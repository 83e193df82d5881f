// The read-heavy traffic before a sale: an open-model crowd listing sales, viewing them (some
// revalidating with If-None-Match, as browsers and CDNs do), syncing clocks, and asking for ids that
// do not exist. Nothing is bought. Views target SALE_ID, or every listed sale, or — on an empty
// system — an upcoming sale created for the run.
//
//   k6 run load-tests/k6/browse.js
//   k6 run -e BROWSE_RATE=2000 -e BROWSE_DURATION=2m -e SALE_ID=123456 load-tests/k6/browse.js
import { envDuration, envInt, envNumber, envString, limits, sale } from './lib/config.js';
import { waitUntilReady, newRunId, adminToken, serverClockOffset, createSale } from './lib/prepare.js';
import { listSales, viewSale, serverTime, viewUnknownSale } from './lib/reads.js';
import { summaryFiles } from './lib/summary.js';

const browse = {
  startRate: envInt('BROWSE_START_RATE', 10, 0),
  rate: envInt('BROWSE_RATE', 200, 1),
  rampUp: envDuration('BROWSE_RAMP_UP', '10s'),
  duration: envDuration('BROWSE_DURATION', '1m'),
  saleId: envString('SALE_ID', ''),
  // Shares of the iterations; the rest view a sale.
  listShare: envNumber('LIST_SHARE', 0.2, 0, 1),
  timeShare: envNumber('TIME_SHARE', 0.1, 0, 1),
  unknownShare: envNumber('UNKNOWN_SHARE', 0.1, 0, 1),
  revalidateShare: envNumber('REVALIDATE_SHARE', 0.3, 0, 1),
};

if (browse.listShare + browse.timeShare + browse.unknownShare > 1) {
  throw new Error('LIST_SHARE + TIME_SHARE + UNKNOWN_SHARE must not exceed 1');
}

export const options = {
  scenarios: {
    browse: {
      executor: 'ramping-arrival-rate',
      startRate: browse.startRate,
      timeUnit: '1s',
      stages: [
        { duration: browse.rampUp, target: browse.rate },
        { duration: browse.duration, target: browse.rate },
      ],
      preAllocatedVUs: envInt('PRE_ALLOCATED_VUS', 50, 1),
      maxVUs: envInt('MAX_VUS', 300, 1),
    },
  },
  thresholds: {
    'http_req_duration{endpoint:sale-view}': [`p(95)<${limits.readP95}`, `p(99)<${limits.readP99}`],
    'http_req_duration{endpoint:sale-list}': [`p(95)<${limits.readP95}`, `p(99)<${limits.readP99}`],
    'http_req_duration{endpoint:sale-view-unknown}': [`p(95)<${limits.readP95}`, `p(99)<${limits.readP99}`],
    http_req_failed: [`rate<${limits.errorRate}`],
    unexpected_responses: [
      { threshold: `rate<${limits.abortErrorRate}`, abortOnFail: true, delayAbortEval: '10s' },
      `rate<${limits.errorRate}`,
    ],
    checks: [`rate>${limits.checkRate}`],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count'],
  setupTimeout: envDuration('SETUP_TIMEOUT', '2m'),
};

export function setup() {
  waitUntilReady();
  if (browse.saleId) {
    return { saleIds: [browse.saleId] };
  }

  const listed = listSales();
  if (listed.length > 0) {
    return { saleIds: listed };
  }

  // Nothing to look at yet: publish the sale the crowd is waiting for, an hour ahead.
  const runId = newRunId();
  const created = createSale(adminToken(), runId, sale, 3600000, serverClockOffset());
  console.log(`run ${runId}: no sales listed, created upcoming sale ${created.sale.id}`);
  return { saleIds: [String(created.sale.id)] };
}

// ETags this VU has seen, per sale: what a browser cache would revalidate with.
const etags = {};

function pick(list) {
  return list[Math.floor(Math.random() * list.length)];
}

/** A decimal id no sale has (random 18 digits), or a word that is not an id at all. */
function unknownId() {
  if (Math.random() < 0.5) {
    return `no-such-sale-${Math.floor(Math.random() * 1e6)}`;
  }

  let digits = '9';
  while (digits.length < 18) {
    digits += Math.floor(Math.random() * 10);
  }

  return digits;
}

export default function (data) {
  const roll = Math.random();
  if (roll < browse.listShare) {
    listSales();
  } else if (roll < browse.listShare + browse.timeShare) {
    serverTime();
  } else if (roll < browse.listShare + browse.timeShare + browse.unknownShare) {
    viewUnknownSale(unknownId());
  } else {
    const saleId = pick(data.saleIds);
    const revalidate = etags[saleId] && Math.random() < browse.revalidateShare;
    etags[saleId] = viewSale(saleId, revalidate ? etags[saleId] : null);
  }
}

export const handleSummary = summaryFiles('browse', 'FlashSale browse');
