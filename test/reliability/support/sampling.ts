import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-request.js';

/** fast-check seeds are 32-bit integers; each operation gets its own, derived from the run's seed and its name. */
export function operationSeed(runSeed: number, operationId: string): number {
  return createHash('sha256').update(`${runSeed}:${operationId}`).digest().readInt32BE(0);
}

/**
 * Keys already computed, per request object: a constant case (the 1 MB oversized body) comes back as the same object
 * in every sample, and hashing it again each time cost more than sending all the cases.
 */
const keysByRequest = new WeakMap<FuzzRequest, Map<string | undefined, string>>();

/** What makes two requests the same case; a fresh idempotency key (a UUID) does not. */
export function requestKey(request: FuzzRequest, idempotencyHeader?: string): string {
  const known = keysByRequest.get(request) ?? new Map<string | undefined, string>();
  keysByRequest.set(request, known);
  const cached = known.get(idempotencyHeader);
  if (cached !== undefined) return cached;
  const key = computeRequestKey(request, idempotencyHeader);
  known.set(idempotencyHeader, key);
  return key;
}

function computeRequestKey(request: FuzzRequest, idempotencyHeader?: string): string {
  const fresh = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const headers = Object.entries(request.headers)
    .map(([k, v]) => [k, k === idempotencyHeader?.toLowerCase() && fresh.test(v) ? '<fresh>' : v])
    .sort(([a], [b]) => String(a).localeCompare(String(b)));
  const body = request.body
    ? [
        request.body.contentType,
        typeof request.body.data === 'string' ? request.body.data : Buffer.from(request.body.data).toString('base64'),
      ]
    : null;
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.pathTemplate, request.path, request.query, headers, body]))
    .digest('hex');
}

export interface Sample<T> {
  items: T[];
  /** generated values that failed `accept` (a mutation the schema still allows, a value off its constraints) */
  discarded: number;
}

/**
 * `count` distinct values of `arbitrary` that `accept` keeps, drawn with fast-check from `seed` (the same seed gives
 * the same cases). Draws at most `maxRounds` batches, so a generator that cannot reach `count` ends short instead of
 * looping; the caller asserts the count.
 */
export function sampleDistinct<T>(
  arbitrary: fc.Arbitrary<T>,
  accept: (value: T) => boolean,
  key: (value: T) => string,
  seed: number,
  count: number,
  maxRounds = 10,
): Sample<T> {
  const seen = new Set<string>();
  const items: T[] = [];
  let discarded = 0;
  for (let round = 0; round < maxRounds && items.length < count; round++) {
    for (const value of fc.sample(arbitrary, { seed: (seed + round * 7919) | 0, numRuns: count * 2 })) {
      if (items.length >= count) break;
      const id = key(value);
      if (seen.has(id)) continue;
      seen.add(id);
      if (!accept(value)) {
        discarded++;
        continue;
      }
      items.push(value);
    }
  }
  return { items, discarded };
}
