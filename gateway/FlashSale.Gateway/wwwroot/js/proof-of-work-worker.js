// A module worker that solves one human-check challenge off the page's thread: human-check.js posts
// { salt, challenge, maxnumber } and gets { number } back (-1 when nothing in range solves it), then ends it.
import { findNumber } from './proof-of-work.js';

self.onmessage = ({ data }) => {
  try {
    self.postMessage({ number: findNumber(data.salt, data.challenge, 0, data.maxnumber) });
  } catch (error) {
    self.postMessage({ error: String(error?.message ?? error) });
  }
};
