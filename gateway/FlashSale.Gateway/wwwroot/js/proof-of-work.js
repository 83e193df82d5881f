// The proof-of-work search of the human check (ALTCHA format): find n in [from, to] with
// hex(SHA-256(salt + String(n))) === challenge. Plain SHA-256 (FIPS 180-4) in JavaScript rather than
// crypto.subtle: subtle exists only in secure contexts (the storefront may be served over plain http on a LAN
// address), and hashing in place is much faster than one awaited digest per number. The salt's whole 64-byte
// blocks are hashed once; each number only costs the last block or two. No DOM here: it runs in the worker
// (proof-of-work-worker.js) or, where module workers are missing, in slices on the page (human-check.js).

// Initial hash values and round constants: the first 32 bits of the fractional parts of the square roots of the
// first 8 primes and of the cube roots of the first 64 primes.
const initial = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Hashes the 64-byte block at bytes[offset] into state (8 words), using w (64 words) as scratch. */
function compress(state, bytes, offset, w) {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15], y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0; state[1] = (state[1] + b) | 0; state[2] = (state[2] + c) | 0; state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0; state[5] = (state[5] + f) | 0; state[6] = (state[6] + g) | 0; state[7] = (state[7] + h) | 0;
}

/** Lowercase hex SHA-256 of bytes (a Uint8Array); for checks, the search below does not use it. */
export function sha256Hex(bytes) {
  const length = bytes.length, blocks = Math.ceil((length + 9) / 64);
  const message = new Uint8Array(blocks * 64);
  message.set(bytes);
  message[length] = 0x80;
  writeBitLength(message, length);
  const state = new Int32Array(initial), w = new Int32Array(64);
  for (let offset = 0; offset < message.length; offset += 64) compress(state, message, offset, w);
  return Array.from(state, word => (word >>> 0).toString(16).padStart(8, '0')).join('');
}

function writeBitLength(message, byteLength) {
  const end = message.length, high = Math.floor(byteLength / 0x20000000), low = (byteLength * 8) >>> 0;
  message[end - 8] = high >>> 24; message[end - 7] = high >>> 16; message[end - 6] = high >>> 8; message[end - 5] = high;
  message[end - 4] = low >>> 24; message[end - 3] = low >>> 16; message[end - 2] = low >>> 8; message[end - 1] = low;
}

/**
 * A search for one challenge: test(n) says whether SHA-256(salt + n) is the challenge. The salt is hashed up to
 * its last whole 64-byte block once; what is left of it, the digits, the padding and the length make a tail of
 * one or two blocks per number.
 */
export function challengeSearch(salt, challenge) {
  if (!/^[0-9a-fA-F]{64}$/.test(challenge)) throw new Error('The challenge is not a SHA-256 hash in hex.');
  const target = new Int32Array(8);
  for (let i = 0; i < 8; i++) target[i] = parseInt(challenge.slice(i * 8, i * 8 + 8), 16) | 0;
  const saltBytes = new TextEncoder().encode(salt);
  const whole = saltBytes.length - (saltBytes.length % 64);
  const midstate = new Int32Array(initial), w = new Int32Array(64);
  for (let offset = 0; offset < whole; offset += 64) compress(midstate, saltBytes, offset, w);
  const rest = saltBytes.length - whole;
  const tail = new Uint8Array(128);
  tail.set(saltBytes.subarray(whole));
  const state = new Int32Array(8);
  let digitsShown = -1, tailLength = 0;

  return function test(n) {
    const digits = String(n);
    if (digits.length !== digitsShown) {
      // A new count of digits moves the padding: clear the tail after the salt and write the length again.
      digitsShown = digits.length;
      tail.fill(0, rest);
      tailLength = rest + digitsShown + 9 <= 64 ? 64 : 128;
      writeBitLength(tail.subarray(0, tailLength), saltBytes.length + digitsShown);
      tail[rest + digitsShown] = 0x80;
    }
    for (let i = 0; i < digitsShown; i++) tail[rest + i] = digits.charCodeAt(i);
    state.set(midstate);
    compress(state, tail, 0, w);
    if (tailLength === 128) compress(state, tail, 64, w);
    for (let i = 0; i < 8; i++) if (state[i] !== target[i]) return false;
    return true;
  };
}

/** The first n in [from, to] that solves the challenge, or -1. */
export function findNumber(salt, challenge, from, to) {
  const test = challengeSearch(salt, challenge);
  for (let n = from; n <= to; n++) if (test(n)) return n;
  return -1;
}
