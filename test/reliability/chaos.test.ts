import { afterAll, beforeAll, expect, test } from 'vitest';
import type { components } from '../../generated/haloubi-gateway/schema.js';
import { PaymentApiError, type PaymentErrorKind } from '../../src/core/errors.js';
import { createHaloubiGatewayClient, type HaloubiGatewayClient } from '../../src/providers/haloubi-gateway/index.js';
import type { HaloubiState } from '../../src/providers/haloubi-gateway/sandbox/state.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { runBounded } from './support/bounded-pool.js';
import { type FaultProxy, seededFaults, startFaultProxy } from './support/fault-proxy.js';

/**
 * Chaos between the typed client and a Haloubi sandbox: a proxy answers 503, resets connections or holds requests
 * past the client's timeout, before or after the sandbox processed them. Whatever the client reports, the sandbox
 * must hold each reported payment exactly once, and no payment twice.
 */

const PAYMENTS = 1_000;
const CONCURRENCY = 16;
const SEED = 0x5eed_c4a0;
const RATES = { unavailable: 0.3, reset: 0.1, delay: 0.1 };
// The slowest answer that passed the proxy untouched took 1.5 s at load average 24 on 2 cores: the timeout sits above
// it, so that only the proxy's delays (held 1 s past it) can end an attempt as a timeout.
const TIMEOUT_MS = 2_000;
const MAX_RETRIES = 3;
const EXPECTED_FAILURE_KINDS: PaymentErrorKind[] = ['timeout', 'connection', 'server'];

type PaymentRequest = components['schemas']['PaymentRequest'];
type Outcome = { order: string; key: string; attempts: number } & (
  | { ok: true; paymentId: string }
  | { ok: false; error: unknown }
);

function paymentRequest(order: string): PaymentRequest {
  return {
    amount: 1000 + (Number(order.slice(6)) % 500),
    currency: 'USD',
    card: {
      number: '4242424242424242',
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 2,
      cvv: '123',
      cardholder_name: 'Chaos Test',
    },
    description: 'chaos run',
    metadata: { chaos_order: order },
  };
}

let sandbox: RunningSandbox<HaloubiState>;
let proxy: FaultProxy;
let client: HaloubiGatewayClient;
/** Each attempt the client sent, by idempotency key in sending order: true when its own timeout abandoned it. */
const attemptsByKey = new Map<string, boolean[]>();

/** Observes every attempt on its way out (the client's `fetch`), and whether the client's timeout ended it. */
async function observedFetch(request: Request): Promise<Response> {
  const key = request.headers.get('idempotency-key') ?? '(none)';
  const attempts = attemptsByKey.get(key) ?? [];
  attemptsByKey.set(key, attempts);
  const index = attempts.push(false) - 1;
  try {
    return await fetch(request);
  } catch (error) {
    const reason: unknown = request.signal.reason;
    attempts[index] = request.signal.aborted && reason instanceof DOMException && reason.name === 'TimeoutError';
    throw error;
  }
}

/** Per key, what the proxy did to each attempt in arrival order: true when it held the attempt past the timeout. */
function delayedByKey(): Map<string, boolean[]> {
  const byKey = new Map<string, boolean[]>();
  for (const { idempotencyKey, decision } of proxy.log) {
    const key = idempotencyKey ?? '(none)';
    byKey.set(key, [...(byKey.get(key) ?? []), decision.kind === 'delay']);
  }
  return byKey;
}

beforeAll(async () => {
  // The documented 20 payments/second would answer most of this burst with 429: the faults under test are the proxy's.
  sandbox = (await startSandbox('haloubi-gateway', { rateLimit: false })) as RunningSandbox<HaloubiState>;
  proxy = await startFaultProxy({
    target: sandbox.url,
    decide: seededFaults(SEED, RATES),
    delayMs: TIMEOUT_MS + 1_000,
  });
  // A cold start (validators compiled on first use, connections opened) must not pass for a timeout.
  const warm = createHaloubiGatewayClient({ baseUrl: sandbox.url, apiKey: 'test_key', timeoutMs: 30_000 });
  const { metadata: _, ...unlabelled } = paymentRequest('order-0');
  await runBounded(CONCURRENCY, CONCURRENCY, () => warm.post('/api/v1/payments/authorize', { body: unlabelled }));
  client = createHaloubiGatewayClient({
    baseUrl: proxy.url,
    apiKey: 'test_key',
    maxRetries: MAX_RETRIES,
    timeoutMs: TIMEOUT_MS,
    fetch: observedFetch,
  });
});

afterAll(async () => {
  await proxy?.close();
  await sandbox?.close();
});

/** The sandbox's payments of this run, by the order each request named in its metadata. */
function paymentsByOrder(): Map<string, string[]> {
  const byOrder = new Map<string, string[]>();
  for (const payment of sandbox.state().payments.values()) {
    const order = payment.metadata?.chaos_order;
    if (typeof order !== 'string') continue;
    byOrder.set(order, [...(byOrder.get(order) ?? []), payment.id]);
  }
  return byOrder;
}

test(`${PAYMENTS} authorizations through 503s, resets and timeouts: every reported payment exists once, none twice`, async () => {
  const outcomes = await runBounded(PAYMENTS, CONCURRENCY, async (i): Promise<Outcome> => {
    const order = `order-${i}`;
    const key = `chaos-${SEED}-${i}`;
    try {
      const result = await client.post('/api/v1/payments/authorize', {
        body: paymentRequest(order),
        idempotencyKey: key,
      });
      return { order, key, attempts: result.retries + 1, ok: true, paymentId: result.data.id };
    } catch (error) {
      return {
        order,
        key,
        attempts: error instanceof PaymentApiError ? error.retries + 1 : Number.NaN,
        ok: false,
        error,
      };
    }
  });
  // Held requests the client gave up on still reach the sandbox; count only once they have.
  await proxy.settle();

  const succeeded = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
  const failed = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
  const byOrder = paymentsByOrder();
  const duplicates = [...byOrder.entries()].filter(([, ids]) => ids.length > 1);
  const lost = succeeded.filter((o) => {
    const ids = byOrder.get(o.order) ?? [];
    return ids.length !== 1 || ids[0] !== o.paymentId;
  });
  const untyped = failed.filter(
    (o) => !(o.error instanceof PaymentApiError) || !EXPECTED_FAILURE_KINDS.includes(o.error.kind),
  );
  const failedByKind: Record<string, number> = {};
  for (const o of failed) {
    const kind = o.error instanceof PaymentApiError ? o.error.kind : 'untyped';
    failedByKind[kind] = (failedByKind[kind] ?? 0) + 1;
  }
  // A failure the sandbox did process is the dangerous case: the client must retry it with the same key.
  const failedButProcessed = failed.filter((o) => byOrder.has(o.order)).length;
  const clientAttempts = outcomes.reduce((sum, o) => sum + o.attempts, 0);

  // The recovery a merchant runs: retry each failed payment with its key, straight to the sandbox.
  const direct = createHaloubiGatewayClient({ baseUrl: sandbox.url, apiKey: 'test_key', maxRetries: 0 });
  for (const o of failed)
    await direct.post('/api/v1/payments/authorize', { body: paymentRequest(o.order), idempotencyKey: o.key });
  const afterRecovery = paymentsByOrder();
  const notExactlyOnce = outcomes.filter((o) => afterRecovery.get(o.order)?.length !== 1);

  console.log(
    `chaos: attempts=${clientAttempts} (proxy saw ${proxy.requests}, sandbox got ${proxy.forwarded}), succeeded=${succeeded.length}, ` +
      `failed=${failed.length} ${JSON.stringify(failedByKind)} (${failedButProcessed} processed by the sandbox, recovered by key), ` +
      `duplicates=${duplicates.length}, lost=${lost.length}, faults=${JSON.stringify(proxy.injected)}`,
  );

  expect(
    untyped.map((o) => String(o.error)),
    'every failure is a PaymentApiError of kind timeout, connection or server',
  ).toEqual([]);
  expect(duplicates, 'no order was charged twice').toEqual([]);
  expect(
    lost.map((o) => o.order),
    'every payment the client reported exists in the sandbox, once, with the reported id',
  ).toEqual([]);
  expect(
    notExactlyOnce.map((o) => o.order),
    'after retrying the failures with their keys, every order exists exactly once',
  ).toEqual([]);
  // Every attempt the client counted reached the proxy: none may vanish on the way.
  expect(proxy.requests, 'the proxy received every attempt the client counted').toBe(clientAttempts);
  // The client's per-attempt timeout ended exactly the attempts the proxy held past it, and no other attempt.
  const delayed = delayedByKey();
  const keys = new Set([...attemptsByKey.keys(), ...delayed.keys()]);
  const mismatched = [...keys].filter(
    (key) => JSON.stringify(attemptsByKey.get(key) ?? []) !== JSON.stringify(delayed.get(key) ?? []),
  );
  expect(
    mismatched.map((key) => ({ key, timedOut: attemptsByKey.get(key), delayed: delayed.get(key) })),
    'per key, the attempts that ended as timeouts are exactly the ones the proxy delayed',
  ).toEqual([]);
  const timedOut = [...attemptsByKey.values()].flat().filter(Boolean).length;
  expect(timedOut, 'as many attempts timed out as the proxy delayed').toBe(
    (proxy.injected['delay:before'] ?? 0) + (proxy.injected['delay:after'] ?? 0),
  );
  for (const fault of [
    'unavailable:before',
    'unavailable:after',
    'reset:before',
    'reset:after',
    'delay:before',
    'delay:after',
  ]) {
    expect(proxy.injected[fault], `${fault} faults were injected`).toBeGreaterThan(0);
  }
  expect(
    failedButProcessed,
    'some failures were processed by the sandbox (the case idempotency keys protect)',
  ).toBeGreaterThan(0);
  expect(sandbox.internalErrors).toEqual([]);
  expect(sandbox.responseViolations).toEqual([]);
}, 120_000);
