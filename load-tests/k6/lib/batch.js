// Many requests, a few at a time: setup mints tokens and funds wallets this way, teardown reads every
// shopper's orders. 429 (a rate limit) and 503 (busy) are waited out as Retry-After says and sent again.
import http from 'k6/http';
import { sleep } from 'k6';
import { target } from './config.js';
import { retryAfterSeconds } from './api.js';

const MAX_ATTEMPTS = 8;

function shouldRetry(response) {
  return response.status === 429 || response.status === 503;
}

/** The responses in the order of `requests`; a request still refused after the last attempt keeps that answer. */
export function sendInChunks(requests, parallelism) {
  const size = parallelism || target.setupParallelism;
  const responses = new Array(requests.length);
  for (let start = 0; start < requests.length; start += size) {
    let pending = [];
    for (let i = start; i < Math.min(start + size, requests.length); i++) {
      pending.push(i);
    }

    for (let attempt = 1; pending.length > 0; attempt++) {
      const answers = http.batch(pending.map((i) => requests[i]));
      const retry = [];
      let wait = 0;
      for (let k = 0; k < pending.length; k++) {
        responses[pending[k]] = answers[k];
        if (shouldRetry(answers[k]) && attempt < MAX_ATTEMPTS) {
          retry.push(pending[k]);
          wait = Math.max(wait, retryAfterSeconds(answers[k]));
        }
      }

      pending = retry;
      if (pending.length > 0) {
        sleep(wait);
      }
    }
  }

  return responses;
}
