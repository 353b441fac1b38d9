import { randomFillSync, randomUUID } from 'node:crypto';
import { drawn } from './tape.js';

// Sandbox ids and tokens are minted on every request. `randomBytes(n)` costs a system call each time, which was the
// largest single cost of a sandbox request, so bytes are drawn from a pool refilled 8 KiB at a time (as Node's own
// `randomUUID` does). Still cryptographically random: ids must not be guessable even in a sandbox.
const POOL_BYTES = 8192;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** `bytes` fresh random bytes (at most the pool size), as a view that is valid until the next call. */
function take(bytes: number): Buffer {
  if (bytes > POOL_BYTES) throw new RangeError(`At most ${POOL_BYTES} random bytes at a time, not ${bytes}.`);
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const view = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return view;
}

export function randomHex(bytes: number): string {
  return drawn(() => take(bytes).toString('hex'));
}

export function randomBase64url(bytes: number): string {
  return drawn(() => take(bytes).toString('base64url'));
}

/** A fresh UUID v4 (recorded on the request's tape, as every sandbox draw is). */
export function randomUuid(): string {
  return drawn(randomUUID);
}
