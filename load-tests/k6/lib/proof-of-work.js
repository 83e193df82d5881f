// The work a shopper's browser does for a sale with humanCheck 'proof-of-work' (the ALTCHA format of
// GET /api/sales/{id}/challenge): try numbers from 0 up until SHA-256(salt + number) is the challenge, then
// hand the challenge back with the number. No HTTP and no metrics here, only k6/crypto and k6/encoding, so
// the test suite can run it under node with those two stubbed (LoadTestScriptsTests).
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';

/** The only algorithm the challenges use; a browser widget refuses others too. */
export const ALGORITHM = 'SHA-256';

/** Whether a challenge answer has every field the solution must echo back. */
export function isChallenge(challenge) {
  return Boolean(challenge) && challenge.algorithm === ALGORITHM && typeof challenge.challenge === 'string' &&
    typeof challenge.salt === 'string' && typeof challenge.signature === 'string' &&
    Number.isInteger(challenge.maxnumber) && challenge.maxnumber >= 0;
}

/**
 * { number, hashes }: the number in [0, maxnumber] that solves `challenge` (null when none does: the server
 * chose the number from that range, so that is its bug) and how many hashes it took, the shopper's cost.
 */
export function solve(challenge) {
  // Lower case, as crypto.sha256(..., 'hex') writes it: a challenge in capitals is still the same hash.
  const target = challenge.challenge.toLowerCase();
  for (let number = 0; number <= challenge.maxnumber; number++) {
    if (crypto.sha256(challenge.salt + String(number), 'hex') === target) {
      return { number, hashes: number + 1 };
    }
  }

  return { number: null, hashes: challenge.maxnumber + 1 };
}

/** What POST /api/sales/{id}/purchase-token takes as `humanCheck`: the challenge's fields and the number, as base64 JSON. */
export function solution(challenge, number) {
  return encoding.b64encode(JSON.stringify({
    algorithm: challenge.algorithm,
    challenge: challenge.challenge,
    number,
    salt: challenge.salt,
    signature: challenge.signature,
  }));
}
