import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { afterAll, expect, test } from 'vitest';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { SandboxControl } from '../../src/sandbox/control-client.js';
import { LOAD_MIXES } from './support/load-mixes.js';
import { startSandboxChild } from './support/sandbox-child.js';

/**
 * Each sandbox, in its own process, first at full speed for a few seconds to measure its peak, then for
 * PAYCONTRACTS_LOAD_SECONDS (default 60) at half that rate: no errors, no non-2xx, a heap (after a full GC) that does
 * not keep growing, and a state that agrees with the responses afterwards.
 */

const LOAD_SECONDS = Number(process.env.PAYCONTRACTS_LOAD_SECONDS ?? 60);
const PEAK_SECONDS = Number(process.env.PAYCONTRACTS_LOAD_PEAK_SECONDS ?? Math.min(5, LOAD_SECONDS));
const CONNECTIONS = 32;
const SAMPLES = 30;
/**
 * Generous, because the state grows by design (one resource in five requests): this catches runaway growth. A slow
 * leak per request is caught by the reset check below, which has no state to hide behind.
 */
const HEAP_GROWTH_FACTOR = 1.5;
const HEAP_SLACK_BYTES = 16 * 1024 * 1024;
/** What a reset sandbox may hold beyond its pre-load heap: optimized code and caches warmed by the load. */
const RESET_GROWTH_FACTOR = 1.1;
const RESET_SLACK_BYTES = 8 * 1024 * 1024;

const summary: string[] = [];
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

afterAll(() => {
  console.log(`load (${LOAD_SECONDS} s at half peak, ${CONNECTIONS} connections): ${summary.join('; ')}`);
});

test.each(PROVIDER_SLUGS.map((slug) => [slug]))(
  `%s: ${LOAD_SECONDS} s at half its peak rate, no errors, bounded memory, consistent state`,
  async (slug) => {
    expect(LOAD_SECONDS, 'PAYCONTRACTS_LOAD_SECONDS must be a number of seconds ≥ 3').toBeGreaterThanOrEqual(3);
    const sandbox = await startSandboxChild(slug);
    try {
      const mix = await LOAD_MIXES[slug](sandbox.url);
      const heapAtStart = (await sandbox.memory()).heapUsed;

      // The peak, at full speed for a few seconds. Requests in flight when it stops are cut off, so the state is
      // compared from after it, over the sustained run only.
      const peak = await autocannon({
        url: sandbox.url,
        connections: CONNECTIONS,
        duration: PEAK_SECONDS,
        requests: mix.requests,
      });
      const rate = Math.max(CONNECTIONS, Math.floor(peak.requests.average / 2));
      for (const tally of Object.values(mix.tally)) tally.ok = tally.other = 0;
      const before = await sandbox.state();

      // A fixed number of requests at the rate, rather than a duration, so every request sent is answered and counted.
      const plannedMs = LOAD_SECONDS * 1000;
      const run = autocannon({
        url: sandbox.url,
        connections: CONNECTIONS,
        amount: rate * LOAD_SECONDS,
        overallRate: rate,
        requests: mix.requests,
      });
      let finished = false;
      const result = run.then((r) => {
        finished = true;
        return r;
      });
      const started = performance.now();
      const samples: { atMs: number; heapUsed: number; rss: number }[] = [];
      for (let i = 0; i < SAMPLES * 3 && !finished; i++) {
        await Promise.race([sleep(plannedMs / SAMPLES), result]);
        if (finished) break;
        const memory = await sandbox.memory();
        expect(memory.gcExposed, 'the sandbox process runs with --expose-gc').toBe(true);
        samples.push({ atMs: performance.now() - started, heapUsed: memory.heapUsed, rss: memory.rss });
      }
      const sustained = await result;
      const durationMs = performance.now() - started;
      const after = await sandbox.state();

      for (const [name, r] of [
        ['peak', peak],
        ['sustained', sustained],
      ] as const) {
        expect([r.errors, r.timeouts, r['5xx'], r.non2xx], `${name} run: errors, timeouts, 5xx, non-2xx`).toEqual([
          0, 0, 0, 0,
        ]);
      }
      expect(sustained.requests.total, 'every request of the sustained run was answered').toBe(rate * LOAD_SECONDS);
      for (const [kind, tally] of Object.entries(mix.tally)) {
        expect(tally.other, `${kind}: responses other than 2xx`).toBe(0);
        expect(tally.ok, `${kind} was exercised`).toBeGreaterThan(0);
      }
      expect(after.internalErrors, 'requests the sandbox failed to process').toEqual([]);
      expect(after.responseViolations, 'replies outside the spec').toEqual([]);
      const state = mix.checkState(before, after);

      // Once its state is reset, the sandbox holds no more than before the load: nothing leaked outside the state.
      await new SandboxControl(sandbox.url).reset();
      const heapAfterReset = (await sandbox.memory()).heapUsed;
      expect(
        heapAfterReset,
        `heap after a reset (MiB ${mib(heapAfterReset)}) against before the load (MiB ${mib(heapAtStart)})`,
      ).toBeLessThanOrEqual(heapAtStart * RESET_GROWTH_FACTOR + RESET_SLACK_BYTES);

      const middle = samples
        .filter((s) => s.atMs >= durationMs / 3 && s.atMs < (2 * durationMs) / 3)
        .map((s) => s.heapUsed);
      const last = samples.filter((s) => s.atMs >= (2 * durationMs) / 3).map((s) => s.heapUsed);
      expect(middle.length, 'memory samples in the middle third').toBeGreaterThan(0);
      expect(last.length, 'memory samples in the last third').toBeGreaterThan(0);
      expect(
        mean(last),
        `heap in the last third (MiB ${mib(mean(last))}) against the middle third (MiB ${mib(mean(middle))})`,
      ).toBeLessThanOrEqual(mean(middle) * HEAP_GROWTH_FACTOR + HEAP_SLACK_BYTES);

      summary.push(
        `${slug}: peak ${Math.round(peak.requests.average)} req/s, sustained ${Math.round(sustained.requests.average)} req/s (target ${rate}), ` +
          `${peak.requests.total + sustained.requests.total} requests, errors 0, 5xx 0, non-2xx 0, heap ${mib(heapAtStart)} at start, ${mib(mean(middle))} → ${mib(mean(last))} MiB ` +
          `middle → last third, ${mib(heapAfterReset)} MiB after reset (rss ${mib(samples.at(-1)!.rss)} MiB), ${state}`,
      );
    } finally {
      await sandbox.stop();
    }
  },
  (PEAK_SECONDS + LOAD_SECONDS) * 1000 + 120_000,
);
