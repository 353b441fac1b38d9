// The child process of test/reliability/memory.test.ts: a Haloubi sandbox in a process of its own, started with
// --expose-gc, loaded from inside and measured after full collections. Prints one JSON line with what it measured.
import { Agent, request } from 'node:http';
import { startSandbox } from '../../src/sandbox/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run this file with node --expose-gc.');
const collect = gc;
const KEYS = 20_000;
const CONCURRENCY = 16;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) collect();
  return process.memoryUsage().heapUsed;
}

async function inBatches(count: number, send: (i: number) => Promise<number>): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const status = await send(next++);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return statuses;
}

const sandbox = await startSandbox('haloubi-gateway', { rateLimit: false });
// node:http on keep-alive sockets rather than fetch: tens of thousands of requests, and fetch's streams cost the
// process several times the CPU the sandbox spends answering them.
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const captureUrl = new URL('/api/v1/payments/pay_missing/capture', sandbox.url);
const body = '{"amount":100}';
/** Sends one capture and reads its answer to the end; resolves with the status. */
const capture = (key: string, apiKey = 'test_key') =>
  new Promise<number>((resolve, reject) => {
    const headers = {
      'x-api-key': apiKey,
      'idempotency-key': key,
      'content-type': 'application/json',
      'content-length': String(body.length),
    };
    request(captureUrl, { method: 'POST', agent, headers }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    })
      .once('error', reject)
      .end(body);
  });
// Warm up (JIT, sockets, the validators) before the baseline.
await inBatches(500, (i) => capture(`warm-${i}`));
await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
const baseline = heapAfterGc();

const keyed = await inBatches(KEYS, (i) => capture(`order-${i}-${'k'.repeat(200)}`));
const withKeys = heapAfterGc();
const keysHeld = sandbox.footprint().idempotencyKeys;

await fetch(`${sandbox.url}/__sandbox/clock/advance`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ seconds: 25 * 3600 }),
});
const afterWindow = heapAfterGc();
const keysAfterWindow = sandbox.footprint().idempotencyKeys;

const unauthenticated = await inBatches(KEYS, (i) => capture(`anon-${i}`, `bogus_${i}_${'x'.repeat(200)}`));
const afterUnauthenticated = heapAfterGc();
const footprint = sandbox.footprint();
agent.destroy();
await sandbox.close();
process.stdout.write(
  `${JSON.stringify({ baseline, withKeys, keysHeld, afterWindow, keysAfterWindow, afterUnauthenticated, footprint, keyed, unauthenticated })}\n`,
);
