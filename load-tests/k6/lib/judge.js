// Every answer is judged against api.md the same way: one unexpected_responses sample, one check,
// and a log line for the first few surprises of each VU (a failing system would flood the log).
import { check } from 'k6';
import { describeResponse } from './api.js';
import { unexpectedResponses } from './metrics.js';

const MAX_LOGGED_SURPRISES = 5;
let surprisesLogged = 0;

/** `outcome` is the name the step gave the answer; 'unexpected' when the contract has none for it. */
export function judge(step, response, outcome) {
  const expected = outcome !== 'unexpected';
  unexpectedResponses.add(!expected, { step });
  check(response, { [`${step}: answered as api.md says`]: () => expected });
  if (!expected && surprisesLogged < MAX_LOGGED_SURPRISES) {
    surprisesLogged++;
    console.warn(`${step}: ${describeResponse(response)}`);
  }

  return expected;
}
