import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

/**
 * Memory follows live state, never traffic (hardening finding 3). A Haloubi sandbox takes 20,000 distinct idempotency
 * keys (each answered and remembered); once the sandbox clock passes the documented 24-hour window and the heap is
 * collected, the heap is back within MARGIN of where it started. Then 20,000 requests with bogus credentials add
 * nothing: no rate-limit window, no idempotency record, no heap beyond the margin.
 */
const MARGIN_BYTES = 4 * 1024 * 1024;

interface Measured {
  baseline: number;
  withKeys: number;
  keysHeld: number;
  afterWindow: number;
  keysAfterWindow: number;
  afterUnauthenticated: number;
  footprint: { idempotencyKeys: number; rateLimitWindows: number };
  keyed: Record<string, number>;
  unauthenticated: Record<string, number>;
}

test('idempotency keys leave with their window, and unauthenticated traffic leaves nothing', async () => {
  const child = join(import.meta.dirname, 'memory-child.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--expose-gc', child], {
    timeout: 240_000,
    maxBuffer: 1024 * 1024,
  });
  const m = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Measured;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  console.log(
    `heap: baseline ${mb(m.baseline)}, 20,000 keys ${mb(m.withKeys)}, past the window ${mb(m.afterWindow)}, after 20,000 unauthenticated ${mb(m.afterUnauthenticated)}`,
  );
  expect(m.keyed).toEqual({ 404: 20_000 });
  expect(m.keysHeld).toBe(20_000);
  // The measurement sees the keys while they are live (else the test below could not fail).
  expect(m.withKeys - m.baseline).toBeGreaterThan(MARGIN_BYTES);
  expect(m.keysAfterWindow).toBe(0);
  expect(m.afterWindow - m.baseline).toBeLessThan(MARGIN_BYTES);
  expect(m.unauthenticated).toEqual({ 401: 20_000 });
  expect(m.footprint).toEqual({ idempotencyKeys: 0, rateLimitWindows: 0 });
  expect(m.afterUnauthenticated - m.afterWindow).toBeLessThan(MARGIN_BYTES);
}, 300_000);
