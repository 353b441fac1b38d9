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
const CONCURRENCY = 32;
const SEED = 0x5eed_c4a0;
const RATES = { unavailable: 0.3, reset: 0.1, delay: 0.1 };
const TIMEOUT_MS = 600;
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
/** attempts the client itself abandoned at its timeout (from its per-attempt debug log) */
let timedOutAttempts = 0;

beforeAll(async () => {
  sandbox = (await startSandbox('haloubi-gateway')) as RunningSandbox<HaloubiState>;
  proxy = await startFaultProxy({ target: sandbox.url, decide: seededFaults(SEED, RATES), delayMs: TIMEOUT_MS + 400 });
  const logger = { debug: (message: string) => void (message.endsWith('→ timeout') && timedOutAttempts++) };
  client = createHaloubiGatewayClient({
    baseUrl: proxy.url,
    apiKey: 'test_key',
    maxRetries: MAX_RETRIES,
    timeoutMs: TIMEOUT_MS,
    logger,
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
  const lost = succeeded.filter((o) => byOrder.get(o.order)?.length !== 1 || byOrder.get(o.order)![0] !== o.paymentId);
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
  expect(succeeded.length + failed.length).toBe(PAYMENTS);
  // Each attempt the client counted went through the proxy, except attempts it abandoned at its own timeout before
  // the connection was made (on a loaded machine a few are); and the faults were really injected.
  expect(proxy.requests).toBeLessThanOrEqual(clientAttempts);
  expect(
    clientAttempts - proxy.requests,
    'attempts that never reached the proxy were all abandoned by timeout',
  ).toBeLessThanOrEqual(timedOutAttempts);
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
