// Every knob of the scripts, read once from the environment (`k6 run -e NAME=value` or exported
// variables). Defaults target `./flashsale.sh up` on one machine; README.md lists them all.

function raw(name) {
  const value = __ENV[name];
  return value === undefined || value === '' ? undefined : value;
}

export function envString(name, fallback) {
  const value = raw(name);
  return value === undefined ? fallback : value;
}

export function envNumber(name, fallback, min, max) {
  const value = raw(name);
  if (value === undefined) {
    return fallback;
  }

  const number = Number(value);
  if (!isFinite(number) || number < min || number > max) {
    throw new Error(`${name}=${value}: expected a number from ${min} to ${max}`);
  }

  return number;
}

export function envInt(name, fallback, min, max) {
  const number = envNumber(name, fallback, min, max === undefined ? Number.MAX_SAFE_INTEGER : max);
  if (Math.floor(number) !== number) {
    throw new Error(`${name}=${number}: expected a whole number`);
  }

  return number;
}

export function envBool(name, fallback) {
  const value = raw(name);
  if (value === undefined) {
    return fallback;
  }

  const text = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].indexOf(text) >= 0) {
    return true;
  }

  if (['0', 'false', 'no', 'off'].indexOf(text) >= 0) {
    return false;
  }

  throw new Error(`${name}=${value}: expected true or false`);
}

/**
 * `value` when it is one of `choices`. The caller reads it with envString, so the variable's name stays in an
 * env...() call, where the deployment tests look for the variables the scripts read.
 */
export function oneOf(name, value, choices) {
  if (choices.indexOf(value) < 0) {
    throw new Error(`${name}=${value}: expected one of ${choices.join(', ')}`);
  }

  return value;
}

const DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60000, h: 3600000 };

/** A k6 duration string ('500ms', '10s', '1m30s'), validated so a typo fails at start, not mid-run. */
export function envDuration(name, fallback) {
  const value = envString(name, fallback);
  if (!DURATION.test(value)) {
    throw new Error(`${name}=${value}: expected a duration such as 500ms, 10s, 2m or 1m30s`);
  }

  return value;
}

export function durationMs(text) {
  let total = 0;
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let match = part.exec(text);
  while (match !== null) {
    total += Number(match[1]) * UNIT_MS[match[2]];
    match = part.exec(text);
  }

  return total;
}

/** What every script shares: where the system is and how to become admin. */
export const target = {
  baseUrl: envString('BASE_URL', 'http://localhost:8080').replace(/\/+$/, ''),
  adminKey: envString('ADMIN_KEY', 'dev-admin-key'),
  adminUserId: envString('ADMIN_USER_ID', 'k6-admin'),
  readyTimeout: envDuration('READY_TIMEOUT', '60s'),
  // Requests per http.batch call while preparing (tokens, wallets) and verifying (order lists).
  setupParallelism: envInt('SETUP_PARALLELISM', 20, 1, 500),
  requestTimeout: envDuration('REQUEST_TIMEOUT', '30s'),
  summaryDir: envString('SUMMARY_DIR', '.').replace(/\/+$/, ''),
};

/** The sale the purchase scripts create, and its shoppers. */
export const sale = {
  stock: envInt('SALE_STOCK', 100, 1, 10000000),
  price: envNumber('SALE_PRICE', 9.9, 0.01, 1000000),
  perUserLimit: envInt('PER_USER_LIMIT', 1, 1),
  // From the end of setup to the sale's start: the countdown traffic runs meanwhile.
  startDelay: envDuration('START_DELAY', '10s'),
  duration: envDuration('SALE_DURATION', '30m'),
  shoppers: envInt('SHOPPERS', 1000, 1, 1000000),
  // On by default, so a run walks the path real shoppers take: challenge, solve, token. The difficulty is the
  // lowest the API takes: what the server pays (a challenge, two hashes to check, one Redis write) does not
  // depend on it, while k6 pays maxnumber / 2 hashes (a few µs each) per arrival on the load machine, which
  // real shoppers spread over their own devices. At 100000 a 300/s peak would need several cores for hashing.
  humanCheck: oneOf('HUMAN_CHECK', envString('HUMAN_CHECK', 'proof-of-work'), ['none', 'proof-of-work']),
  humanCheckMaxNumber: envInt('HUMAN_CHECK_MAX_NUMBER', 100, 100, 10000000),
};

/** How a winning shopper behaves after the 202. */
export const shopping = {
  neverPayShare: envNumber('NEVER_PAY_SHARE', 0.1, 0, 1),
  pollInterval: envDuration('POLL_INTERVAL', '500ms'),
  orderTimeout: envDuration('ORDER_TIMEOUT', '30s'),
  paymentTimeout: envDuration('PAYMENT_TIMEOUT', '30s'),
};

/** After the run: how long to wait for the system to go quiet, and whether to ask for reconciliation. */
export const verification = {
  quietTimeout: envDuration('QUIET_TIMEOUT', '60s'),
  reconciliation: envBool('RECONCILIATION', true),
};

/** Pass/fail limits, shared by the scripts' thresholds. */
export const limits = {
  purchaseP95: envNumber('PURCHASE_P95_MS', 500, 1, 600000),
  purchaseP99: envNumber('PURCHASE_P99_MS', 1500, 1, 600000),
  readP95: envNumber('READ_P95_MS', 250, 1, 600000),
  readP99: envNumber('READ_P99_MS', 1000, 1, 600000),
  errorRate: envNumber('MAX_ERROR_RATE', 0.01, 0, 1),
  abortErrorRate: envNumber('ABORT_ERROR_RATE', 0.1, 0, 1),
  checkRate: envNumber('MIN_CHECK_RATE', 0.99, 0, 1),
};
