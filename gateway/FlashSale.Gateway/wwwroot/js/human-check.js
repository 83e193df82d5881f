// The human check of a sale whose humanCheck is "proof-of-work". The challenge is fetched as soon as a signed-in
// shopper opens the page (GET /api/sales/{id}/challenge answers before the start), so the work is done while
// they wait, not in the opening second. It is solved off the page's thread: a module worker served from this
// origin (proof-of-work-worker.js), or short slices on the page where module workers are missing. A solution
// buys one purchase token: it is sent with POST /api/sales/{id}/purchase-token and dropped once spent or refused.
import { api, ApiError } from './api.js';
import { serverNow } from './clock.js';
import { challengeSearch } from './proof-of-work.js';

export const proofOfWork = 'proof-of-work';

/**
 * One shopper's check on one sale. state: idle, solving, done, failed (no challenge or no solution: tried again
 * after a pause), spent (bought a token), refused (the server said human-check-failed), not-required (the
 * server says the sale has none). onChange is called whenever a solve ends or a solution is dropped.
 */
export class HumanCheck {
  constructor(onChange) {
    this.onChange = onChange;
    this.abort = null;
    this.reset();
  }

  /** Forgets everything, stopping a running solve (another sale, another shopper, or the page left). */
  reset() {
    this.abort?.abort();
    this.abort = null;
    this.pending = null;
    this.solution = null;
    this.state = 'idle';
    this.detail = '';
    this.retryAt = 0;
  }

  /** The solution in hand if its challenge stays good for marginMs more on the server's clock; else null. */
  ready(marginMs = 5000) {
    return this.solution && this.solution.expiresAt - serverNow() > marginMs ? this.solution : null;
  }

  get solving() {
    return this.pending !== null;
  }

  /** Starts a solve unless one runs, a solution good for a while is in hand, or the last failure is too recent. */
  prepare(saleId, session) {
    if (this.pending || this.ready(15_000) || performance.now() < this.retryAt) return;
    this.start(saleId, session);
  }

  /** The solution to send now: the one in hand, the running solve's, or a new one's; null if solving failed. */
  async take(saleId, session) {
    return this.ready() ?? await (this.pending ?? this.start(saleId, session));
  }

  /** A solution the server spent (state spent) or refused (state refused): never sent again. */
  drop(solution, state) {
    if (this.solution !== solution) return;
    this.solution = null;
    if (!this.pending) this.state = state;
    this.onChange();
  }

  start(saleId, session) {
    this.abort?.abort();
    this.abort = new AbortController();
    this.solution = null;
    this.state = 'solving';
    this.detail = '';
    // Assigned before anyone is told, so an onChange that calls prepare() sees the solve running.
    const pending = this.pending = this.run(saleId, session, this.abort.signal);
    this.onChange();
    return pending;
  }

  async run(saleId, session, signal) {
    const started = performance.now();
    let solution = null;
    try {
      const challenge = await api(`/api/sales/${encodeURIComponent(saleId)}/challenge`, { token: session.token, signal });
      const number = await solve(challenge, signal);
      solution = { payload: payload(challenge, number), expiresAt: Date.parse(challenge.expiresAt), seconds: (performance.now() - started) / 1000 };
    } catch (error) {
      if (signal.aborted) return null;
      if (error instanceof ApiError && error.kind === 'human-check-not-required') {
        this.state = 'not-required';
        this.retryAt = performance.now() + 60_000;
      } else {
        this.state = 'failed';
        this.detail = error.message;
        this.retryAt = performance.now() + (error.retryAfterSeconds ?? 3) * 1000;
      }
    }
    if (signal.aborted) return null;
    if (solution) {
      this.solution = solution;
      this.state = 'done';
    }
    this.pending = null;
    this.onChange();
    return solution;
  }
}

/** The number that solves an ALTCHA-format challenge ({ algorithm, challenge, maxnumber, salt, signature }). */
export async function solve(challenge, signal) {
  if (challenge?.algorithm !== 'SHA-256') throw new Error(`Unknown human-check algorithm ${challenge?.algorithm}.`);
  try {
    return await solveInWorker(challenge, signal);
  } catch (error) {
    if (!(error instanceof WorkerUnavailable)) throw error;
    return await solveOnPage(challenge, signal);
  }
}

/** What POST /api/sales/{id}/purchase-token takes as humanCheck: the challenge with its number, as base64 JSON. */
export function payload(challenge, number) {
  const json = JSON.stringify({
    algorithm: challenge.algorithm, challenge: challenge.challenge, number, salt: challenge.salt, signature: challenge.signature,
  });
  let binary = '';
  for (const byte of new TextEncoder().encode(json)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

class WorkerUnavailable extends Error {}

function solveInWorker({ salt, challenge, maxnumber }, signal) {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    let worker;
    try {
      worker = new Worker(new URL('./proof-of-work-worker.js', import.meta.url), { type: 'module', name: 'human-check' });
    } catch (error) {
      reject(new WorkerUnavailable(String(error)));
      return;
    }
    const end = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      end();
      reject(signal.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = ({ data }) => {
      end();
      if (data.error) reject(new Error(data.error));
      else if (data.number < 0) reject(new Error('no number solves the challenge'));
      else resolve(data.number);
    };
    // The worker catches its own errors, so an error event means it never ran (not loaded, or no module workers).
    worker.onerror = event => {
      event.preventDefault?.();
      end();
      reject(new WorkerUnavailable(event.message || 'the worker did not start'));
    };
    worker.postMessage({ salt, challenge, maxnumber });
  });
}

/** The same search on the page, in slices of about 10 ms, so clicks and the countdown go on between them. */
async function solveOnPage({ salt, challenge, maxnumber }, signal) {
  const test = challengeSearch(salt, challenge);
  let n = 0;
  while (n <= maxnumber) {
    const until = performance.now() + 10;
    do {
      if (test(n)) return n;
      n++;
    } while (n <= maxnumber && ((n & 1023) !== 0 || performance.now() < until));
    await new Promise(resolve => setTimeout(resolve, 0));
    signal?.throwIfAborted();
  }
  throw new Error('no number solves the challenge');
}
