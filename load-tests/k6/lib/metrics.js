// The flash sale's own figures, beside k6's built-in HTTP metrics. Created here, in the init context,
// as k6 requires; the scripts set thresholds on them by name.
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';

// The human check of a proof-of-work sale, as the shoppers paid for it.
/** Per solved challenge: from the challenge in hand to its number found (the shopper's CPU, no HTTP in it). */
export const humanCheckSolveTime = new Trend('human_check_solve_ms', true);
/** Per solved challenge: the hashes tried, about maxnumber / 2 on average. */
export const humanCheckHashes = new Trend('human_check_hashes');
/** 403 [human-check-failed] for a solution just solved: the shopper solves a fresh one and tries once more. */
export const humanCheckFailures = new Counter('human_check_failures');

// Outcomes of POST {purchaseUrl} (and of the purchase token before it).
export const purchasesAccepted = new Counter('purchases_accepted');
export const purchasesSoldOut = new Counter('purchases_sold_out');
export const purchasesLimitReached = new Counter('purchases_limit_reached');
/** 429s, tagged step=challenge, step=purchase-token or step=purchase. */
export const purchasesRateLimited = new Counter('purchases_rate_limited');

// What became of the accepted purchases.
export const ordersPaid = new Counter('orders_paid');
/** Winners who never pay, on purpose (NEVER_PAY_SHARE): their orders wait for the payment deadline. */
export const ordersAbandoned = new Counter('orders_abandoned');
/** Orders cancelled before they were paid although the shopper paid (tagged stage). */
export const ordersCancelled = new Counter('orders_cancelled');
/** Orders that did not reach the next status within ORDER_TIMEOUT / PAYMENT_TIMEOUT (tagged stage). */
export const ordersStuck = new Counter('orders_stuck');

/** From the 202 to the order's awaitingPayment: the queue and the saga's first steps. */
export const orderReadyTime = new Trend('order_ready_time', true);
/** From the payment's 202 to the order's paid: wallet Try/Confirm through the saga. */
export const paymentSettleTime = new Trend('payment_settle_time', true);

/** Any answer the contract does not name for that request (tagged step). */
export const unexpectedResponses = new Rate('unexpected_responses');

/** Broken invariants found after the run (tagged check): oversold, lost, drifted. Must stay 0. */
export const integrityViolations = new Counter('integrity_violations');

// The sale as the admin stock view showed it once the system was quiet.
export const saleInitialStock = new Gauge('sale_initial_stock');
export const saleSold = new Gauge('sale_units_sold');
export const saleReserved = new Gauge('sale_units_reserved');
export const saleAvailable = new Gauge('sale_units_available');
export const saleReleased = new Gauge('sale_units_released');
