// The server's clock: a sale opens on the server's time, not on this computer's. The offset is taken from the
// fastest of a few GET /api/time round trips, assuming the answer was stamped halfway through.
import { api } from './api.js';

let offsetMs = 0;

export async function syncClock(samples = 3) {
  let best = null;
  for (let i = 0; i < samples; i++) {
    const sent = Date.now();
    const { now } = await api('/api/time');
    const received = Date.now();
    const roundTrip = received - sent;
    if (!best || roundTrip < best.roundTrip) best = { roundTrip, offset: Date.parse(now) - (sent + roundTrip / 2) };
  }
  offsetMs = best.offset;
  return best;
}

export const serverNow = () => Date.now() + offsetMs;

export function formatSpan(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60, s = total % 60;
  const two = n => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
