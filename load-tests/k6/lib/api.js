// The HTTP contract of api.md as request descriptions. Each request carries an `endpoint` tag (for
// per-endpoint thresholds), a `name` tag with the path template (so ids do not explode the number of
// time series) and the statuses the contract makes normal for it (everything else counts in
// http_req_failed). The same descriptions serve http.request and http.batch.
import http from 'k6/http';
import { target } from './config.js';

const statuses = {
  ok: http.expectedStatuses(200),
  okOrBusy: http.expectedStatuses(200, 503),
  okOrRateLimited: http.expectedStatuses(200, 429),
  created: http.expectedStatuses(201),
  readable: http.expectedStatuses(200, 304),
  unknownSale: http.expectedStatuses(404),
  // 403 [sale-not-started] a moment before the opening, when clocks differ by a few ms; 403 [human-check-failed]
  // is named by the contract too (the storefront then solves a fresh challenge).
  purchaseToken: http.expectedStatuses(200, 403, 429),
  purchase: http.expectedStatuses(202, 403, 409, 429),
  payment: http.expectedStatuses(202, 409),
};

/** Paths go to BASE_URL; an absolute URL (a purchaseUrl on another host, should the API ever hand one out) as it is. */
function urlOf(path) {
  return /^https?:\/\//i.test(path) ? path : target.baseUrl + path;
}

function requestFor(method, path, name, options) {
  const headers = { Accept: 'application/json' };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  if (options.token) {
    headers.Authorization = `Bearer ${options.token}`;
  }

  if (options.idempotencyKey) {
    headers['Idempotency-Key'] = options.idempotencyKey;
  }

  if (options.etag) {
    headers['If-None-Match'] = options.etag;
  }

  return {
    method,
    url: urlOf(path),
    body: options.body === undefined ? null : JSON.stringify(options.body),
    params: {
      headers,
      tags: { endpoint: options.endpoint, name: `${method} ${name}` },
      responseCallback: options.expect,
      timeout: target.requestTimeout,
    },
  };
}

function segment(id) {
  return encodeURIComponent(String(id));
}

export const requests = {
  ready: () => requestFor('GET', '/health/ready', '/health/ready', { endpoint: 'ready', expect: statuses.okOrBusy }),

  token: (userId, role, adminKey) => requestFor('POST', '/api/auth/token', '/api/auth/token', {
    endpoint: 'auth-token',
    expect: statuses.okOrRateLimited,
    body: role === 'admin' ? { userId, role, adminKey } : { userId, role },
  }),

  serverTime: () => requestFor('GET', '/api/time', '/api/time', { endpoint: 'time', expect: statuses.ok }),

  createSale: (adminToken, sale) => requestFor('POST', '/api/admin/sales', '/api/admin/sales', {
    endpoint: 'admin-create-sale', expect: statuses.created, token: adminToken, body: sale,
  }),

  saleStock: (adminToken, saleId) => requestFor('GET', `/api/admin/sales/${segment(saleId)}/stock`, '/api/admin/sales/{id}/stock', {
    endpoint: 'admin-stock', expect: statuses.ok, token: adminToken,
  }),

  reconcile: (adminToken) => requestFor('POST', '/api/admin/reconciliation', '/api/admin/reconciliation', {
    endpoint: 'admin-reconciliation', expect: statuses.okOrBusy, token: adminToken, body: {},
  }),

  creditWallet: (adminToken, userId, amount) => requestFor('POST', `/api/admin/wallets/${segment(userId)}/credit`, '/api/admin/wallets/{userId}/credit', {
    endpoint: 'admin-credit', expect: statuses.ok, token: adminToken, body: { amount },
  }),

  listSales: (etag) => requestFor('GET', '/api/sales', '/api/sales', { endpoint: 'sale-list', expect: statuses.readable, etag }),

  viewSale: (saleId, etag) => requestFor('GET', `/api/sales/${segment(saleId)}`, '/api/sales/{id}', {
    endpoint: 'sale-view', expect: statuses.readable, etag,
  }),

  viewUnknownSale: (saleId) => requestFor('GET', `/api/sales/${segment(saleId)}`, '/api/sales/{unknown id}', {
    endpoint: 'sale-view-unknown', expect: statuses.unknownSale,
  }),

  // Open before the start: shoppers solve while they wait for the opening.
  challenge: (token, saleId) => requestFor('GET', `/api/sales/${segment(saleId)}/challenge`, '/api/sales/{id}/challenge', {
    endpoint: 'challenge', expect: statuses.okOrRateLimited, token,
  }),

  // humanCheck: the solved challenge (base64), for sales that ask for one; the body is {} otherwise.
  purchaseToken: (token, saleId, humanCheck) => requestFor('POST', `/api/sales/${segment(saleId)}/purchase-token`, '/api/sales/{id}/purchase-token', {
    endpoint: 'purchase-token', expect: statuses.purchaseToken, token, body: humanCheck ? { humanCheck } : {},
  }),

  // To the purchaseUrl handed out with the token (its last segment is the sale's secret): one name for every
  // sale's address, so the secrets do not multiply time series.
  purchase: (token, purchaseUrl, purchaseToken, quantity, idempotencyKey) => requestFor('POST', purchaseUrl, '/api/sales/{id}/purchases/{address}', {
    endpoint: 'purchase', expect: statuses.purchase, token, idempotencyKey, body: { token: purchaseToken, quantity },
  }),

  // With waitFor (statuses), a long poll: answered when the order is in one of them or final, or after waitSeconds.
  order: (token, orderId, waitFor, waitSeconds) => requestFor('GET',
    `/api/orders/${segment(orderId)}${waitFor ? `?waitFor=${waitFor.join(',')}&wait=${waitSeconds}` : ''}`, '/api/orders/{id}', {
      endpoint: 'order', expect: statuses.ok, token,
    }),

  myOrders: (token, before) => requestFor('GET', `/api/orders?limit=100${before ? `&before=${segment(before)}` : ''}`, '/api/orders', {
    endpoint: 'order-list', expect: statuses.ok, token,
  }),

  pay: (token, orderId, idempotencyKey) => requestFor('POST', `/api/orders/${segment(orderId)}/payment`, '/api/orders/{id}/payment', {
    endpoint: 'payment', expect: statuses.payment, token, idempotencyKey, body: {},
  }),
};

export function send(request) {
  return http.request(request.method, request.url, request.body, request.params);
}

/** The body as JSON, or null when it is empty or not JSON (a proxy's error page, say). */
export function json(response) {
  if (!response.body) {
    return null;
  }

  try {
    return JSON.parse(response.body);
  } catch (e) {
    return null;
  }
}

/** The stable suffix of an RFC 7807 problem's `type` ("sold-out", "rate-limited", ...), or ''. */
export function problemType(response) {
  const body = json(response);
  if (!body || typeof body.type !== 'string') {
    return '';
  }

  return body.type.substring(body.type.lastIndexOf('/') + 1);
}

/** Retry-After in seconds (1 when absent or a date: the limits here use windows of seconds). */
export function retryAfterSeconds(response) {
  const value = Number(response.headers['Retry-After']);
  return isFinite(value) && value > 0 ? value : 1;
}

/** The outcome name a table gives a response: keys are "status:problem-type" or just "status". */
export function outcomeOf(response, table) {
  return table[`${response.status}:${problemType(response)}`] || table[String(response.status)] || 'unexpected';
}

/** A short description of a response for logs and errors. */
export function describeResponse(response) {
  const body = (response.body || '').toString();
  const error = response.error ? ` (${response.error})` : '';
  return `${response.request.method} ${response.request.url} -> ${response.status}${error} ${body.substring(0, 300)}`;
}

/** .NET writes up to 7 fractional digits; Date.parse is only sure to read 3. */
export function parseTime(text) {
  return Date.parse(String(text).replace(/(\.\d{3})\d+/, '$1'));
}
