// The FlashSale API through this gateway. Every failure is a problem details document (RFC 7807); its type's last
// segment (sold-out, limit-reached, rate-limited...) is what the pages decide on.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || (status ? `The server answered ${status}.` : 'The server could not be reached.'));
    this.status = status;
    this.kind = (problem?.type ?? '').split('/').pop() || (status ? `http-${status}` : 'network');
    this.retryAfterSeconds = problem?.retryAfterSeconds;
  }

  /** A failure worth trying again with the same idempotency key: nothing was decided. */
  get transient() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export async function api(path, { method = 'GET', token, body, idempotencyKey, signal, cache = 'no-store' } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** A random key for Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export const delay = ms => new Promise(resolve => setTimeout(resolve, ms));
