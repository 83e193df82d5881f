// After the run, from the outside: did the sale sell more than its stock, lose an order, or leave
// Redis and PostgreSQL disagreeing? Each broken rule is one integrity_violations sample (tagged with
// the rule) and one console error; a threshold of count==0 fails the run on any of them.
import { sleep } from 'k6';
import { durationMs, verification } from './config.js';
import { requests, send, json, describeResponse, retryAfterSeconds } from './api.js';
import { sendInChunks } from './batch.js';
import * as m from './metrics.js';

function readStock(admin, saleId) {
  const response = send(requests.saleStock(admin, saleId));
  const body = json(response);
  if (response.status !== 200 || !body) {
    throw new Error(`no stock view for sale ${saleId}: ${describeResponse(response)}`);
  }

  return body;
}

function sameStock(a, b) {
  return ['availableInCache', 'availableInDatabase', 'reserved', 'sold', 'released']
    .every((field) => a[field] === b[field]);
}

/** Waits until Redis and PostgreSQL agree and two readings a second apart are equal (orders created, commits done). */
function waitForQuiet(admin, saleId) {
  const deadline = Date.now() + durationMs(verification.quietTimeout);
  let previous = readStock(admin, saleId);
  while (Date.now() < deadline) {
    sleep(1);
    const current = readStock(admin, saleId);
    if (current.availableInCache === current.availableInDatabase && sameStock(previous, current)) {
      return { stock: current, quiet: true };
    }

    previous = current;
  }

  return { stock: previous, quiet: false };
}

/** Every order of the sale as its shopper sees it: GET /api/orders, page by page. */
function ordersOfSale(shoppers, saleId) {
  const orders = [];
  let pending = shoppers.map((shopper) => ({ shopper, before: null }));
  while (pending.length > 0) {
    const responses = sendInChunks(pending.map((p) => requests.myOrders(p.shopper.token, p.before)));
    const next = [];
    responses.forEach((response, n) => {
      const body = json(response);
      const items = body && (Array.isArray(body) ? body : body.items);
      if (response.status !== 200 || !Array.isArray(items)) {
        throw new Error(`could not list ${pending[n].shopper.id}'s orders: ${describeResponse(response)}`);
      }

      items.filter((o) => String(o.saleId) === String(saleId)).forEach((o) => orders.push(o));
      if (body.nextBefore && !Array.isArray(body)) {
        next.push({ shopper: pending[n].shopper, before: body.nextBefore });
      }
    });
    pending = next;
  }

  return orders;
}

function tally(orders) {
  const t = { all: 0, open: 0, paid: 0, pending: 0, perUser: {} };
  orders.forEach((o) => {
    t.all += o.quantity;
    if (o.status === 'cancelled') {
      return;
    }

    t.open += o.quantity;
    t.perUser[o.userId] = (t.perUser[o.userId] || 0) + o.quantity;
    if (o.status === 'paid') {
      t.paid += o.quantity;
    } else if (o.status === 'pending') {
      t.pending += o.quantity;
    }
  });
  return t;
}

/** The shoppers' orders against a stock reading taken after them; read again if the sale moved meanwhile. */
function ordersAgainstStock(admin, shoppers, saleId, stock) {
  let before = stock;
  for (let attempt = 1; ; attempt++) {
    const counted = tally(ordersOfSale(shoppers, saleId));
    const after = readStock(admin, saleId);
    if (sameStock(before, after) || attempt === 3) {
      return { counted, stock: after };
    }

    before = after;
  }
}

/** POST /api/admin/reconciliation until the sale's entry shows no drift, or the quiet timeout ends. */
function reconcile(admin, saleId) {
  const deadline = Date.now() + durationMs(verification.quietTimeout);
  let entry = null;
  let repaired = false;
  for (;;) {
    const response = send(requests.reconcile(admin));
    const body = json(response);
    if (response.status === 200 && body && Array.isArray(body.sales)) {
      entry = body.sales.filter((s) => String(s.saleId) === String(saleId))[0] || null;
      repaired = repaired || (entry !== null && entry.repaired === true);
      if (entry !== null && entry.drift === 0) {
        return { entry, repaired, error: null };
      }
    } else if (response.status !== 503) {
      return { entry: null, repaired, error: describeResponse(response) };
    }

    if (Date.now() > deadline) {
      return { entry, repaired, error: null };
    }

    sleep(response.status === 503 ? retryAfterSeconds(response) : 2);
  }
}

/**
 * Judges the sale once the system is quiet. `data` is what setup() returned: adminToken, sale,
 * shoppers. Records the violations in integrity_violations and returns them as { rule, detail }.
 * A verification that cannot finish (the stock view is gone, say) is a violation too: a run that
 * cannot show it sold correctly must not pass.
 */
export function verifySale(data) {
  try {
    return judgeSale(data);
  } catch (e) {
    m.integrityViolations.add(1, { rule: 'verification' });
    console.error(`INTEGRITY verification: could not finish: ${e}`);
    return [{ rule: 'verification', detail: String(e) }];
  }
}

function judgeSale(data) {
  const admin = data.adminToken;
  const sale = data.sale;
  const violations = [];
  const fail = (rule, detail) => violations.push({ rule, detail });

  const quiet = waitForQuiet(admin, sale.id);
  if (!quiet.quiet) {
    fail('system-quiet', `sale ${sale.id} did not settle within ${verification.quietTimeout}: ${JSON.stringify(quiet.stock)}`);
  }

  const seen = ordersAgainstStock(admin, data.shoppers, sale.id, quiet.stock);
  const s = seen.stock;
  const o = seen.counted;
  if (s.availableInDatabase + s.reserved + s.sold !== s.initialStock) {
    fail('stock-conserved', `available ${s.availableInDatabase} + reserved ${s.reserved} + sold ${s.sold} != initial ${s.initialStock}`);
  }

  if (s.sold + s.reserved > s.initialStock || s.availableInDatabase < 0 || (s.availableInCache !== null && s.availableInCache < 0)) {
    fail('no-oversell', `sold ${s.sold} + reserved ${s.reserved} of ${s.initialStock}; available ${s.availableInDatabase} (cache ${s.availableInCache})`);
  }

  if (s.availableInCache !== s.availableInDatabase) {
    fail('stores-agree', `Redis has ${s.availableInCache} available, PostgreSQL ${s.availableInDatabase}`);
  }

  if (o.all > s.initialStock + s.released) {
    fail('accepted-within-stock', `shoppers hold orders for ${o.all} units; stock ${s.initialStock} + released ${s.released}`);
  }

  if (o.open !== s.reserved + s.sold) {
    fail('orders-match-stock', `shoppers' open orders hold ${o.open} units; inventory counts reserved ${s.reserved} + sold ${s.sold}`);
  }

  if (o.paid !== s.sold) {
    fail('paid-match-sold', `shoppers' paid orders hold ${o.paid} units; inventory counts ${s.sold} sold`);
  }

  if (o.pending > 0) {
    fail('orders-created', `${o.pending} accepted unit(s) still in orders that were never created`);
  }

  Object.keys(o.perUser).filter((user) => o.perUser[user] > sale.perUserLimit).forEach((user) =>
    fail('per-user-limit', `${user} holds ${o.perUser[user]} units; the limit is ${sale.perUserLimit}`));

  if (verification.reconciliation) {
    const report = reconcile(admin, sale.id);
    if (report.error !== null) {
      fail('reconciliation-report', `no reconciliation report (set RECONCILIATION=false on systems without it): ${report.error}`);
    } else if (report.entry === null) {
      fail('reconciliation-report', `the reconciliation report has no entry for sale ${sale.id}`);
    } else {
      if (report.entry.drift !== 0) {
        fail('no-drift', `reconciliation finds drift ${report.entry.drift}: ${JSON.stringify(report.entry)}`);
      }

      if (report.repaired) {
        fail('no-drift', `reconciliation had to repair sale ${sale.id}: ${JSON.stringify(report.entry)}`);
      }
    }
  }

  m.saleInitialStock.add(s.initialStock);
  m.saleSold.add(s.sold);
  m.saleReserved.add(s.reserved);
  m.saleAvailable.add(s.availableInDatabase);
  m.saleReleased.add(s.released);
  // A sample even when all is well, so the threshold always has a value to judge.
  m.integrityViolations.add(0);
  violations.forEach((v) => {
    m.integrityViolations.add(1, { rule: v.rule });
    console.error(`INTEGRITY ${v.rule}: ${v.detail}`);
  });
  console.log(`sale ${sale.id}: initial ${s.initialStock}, sold ${s.sold}, reserved ${s.reserved}, available ${s.availableInDatabase}, ` +
    `released ${s.released}; shoppers hold ${o.open} unit(s) in open orders, ${o.paid} paid; ${violations.length} violation(s)`);
  return violations;
}
