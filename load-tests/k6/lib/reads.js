// The anonymous reads a crowd makes around a sale (served from Redis and meant for a CDN): the sale
// list, one sale, the server clock, and ids that do not exist (turned away by the Bloom filter).
import { requests, send, json, problemType } from './api.js';
import { judge } from './judge.js';

const SALE_STATUSES = ['upcoming', 'active', 'soldOut', 'ended'];

function cacheable(response) {
  return Boolean(response.headers.Etag || response.headers.ETag) && Boolean(response.headers['Cache-Control']);
}

/** GET /api/sales/{id}, revalidating with `etag` when given. Returns the ETag to revalidate with next. */
export function viewSale(saleId, etag) {
  const response = send(requests.viewSale(saleId, etag));
  const body = json(response);
  let outcome = 'unexpected';
  if (response.status === 304 && etag) {
    outcome = 'not-modified';
  } else if (response.status === 200 && body && String(body.id) === String(saleId) &&
      SALE_STATUSES.indexOf(body.status) >= 0 && cacheable(response)) {
    outcome = 'view';
  }

  judge('sale-view', response, outcome);
  return response.headers.Etag || response.headers.ETag || etag || null;
}

/** GET /api/sales: active and upcoming sales. Returns their ids. */
export function listSales() {
  const response = send(requests.listSales());
  const body = json(response);
  const listed = response.status === 200 && Array.isArray(body) && cacheable(response);
  judge('sale-list', response, listed ? 'list' : 'unexpected');
  return listed ? body.map((s) => String(s.id)) : [];
}

export function serverTime() {
  const response = send(requests.serverTime());
  const body = json(response);
  judge('time', response, response.status === 200 && body && body.now ? 'time' : 'unexpected');
}

/** An id no sale has: 404 [sale-not-found], whether the Bloom filter or the database says so. */
export function viewUnknownSale(saleId) {
  const response = send(requests.viewUnknownSale(saleId));
  judge('sale-view-unknown', response, response.status === 404 && problemType(response) === 'sale-not-found' ? 'not-found' : 'unexpected');
}
