import { afterEach, describe, expect, test } from 'vitest';
import haloubiSpec from '../../../generated/haloubi-gateway/spec.js';
import { OperationIndex } from '../../../src/core/operation-index.js';
import type { SandboxClock } from '../../../src/core/sandbox/clock.js';
import { RateLimiter } from '../../../src/core/sandbox/rate-limit.js';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { type RunningSandbox, sandboxDefaults, startSandbox } from '../../../src/sandbox/index.js';

/**
 * The documented limits, enforced from each spec's `x-rate-limit`:
 * - Haloubi: "Payment Operations: 20 requests per second per merchant, 10,000 requests per hour per merchant;
 *   Transaction Queries: 100 requests per second per merchant; Public Endpoints: 50 requests per second per IP".
 * - Chari Pay: "Typical limits range from 100 to 1,000 requests per minute", reported in X-RateLimit-Remaining and
 *   X-RateLimit-Reset (the spec takes the lower bound, marked as inferred).
 * - AlyaPay: "429 RATE_LIMIT_EXCEEDED Too many requests (max 100 per 15 min)".
 */

/** A clock that moves only when the test says (the limiter reads nothing else). */
function frozenClock(start = Date.UTC(2030, 0, 1)) {
  let now = start;
  return { clock: { now: () => now } as unknown as SandboxClock, tick: (ms: number) => (now += ms) };
}

const haloubi = new OperationIndex(haloubiSpec);
const op = (id: string) => {
  const found = haloubi.byOperationId(id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('Haloubi limits, on a frozen clock', () => {
  const merchant = () => 'hk_merchant_a';
  test.each([
    ['authorizePayment', 20],
    ['getPayment', 20],
    ['listTransactions', 100],
    ['getTransaction', 100],
  ])('%s: %i requests a second per merchant, then 429', (operationId, allowed) => {
    const { clock } = frozenClock();
    const limiter = new RateLimiter(haloubiSpec, clock, undefined);
    for (let i = 0; i < allowed; i++) expect(limiter.take(op(operationId), merchant)?.exceeded).toBe(false);
    const over = limiter.take(op(operationId), merchant);
    expect(over?.exceeded).toBe(true);
    expect(over?.retryAfterSeconds).toBe(1);
  });

  test('the payment limit is merchant-wide: operations share it, transaction queries and other merchants do not', () => {
    const { clock, tick } = frozenClock();
    const limiter = new RateLimiter(haloubiSpec, clock, undefined);
    for (let i = 0; i < 10; i++) limiter.take(op('authorizePayment'), merchant);
    for (let i = 0; i < 10; i++) expect(limiter.take(op('capturePayment'), merchant)?.exceeded).toBe(false);
    expect(limiter.take(op('getPayment'), merchant)?.exceeded).toBe(true);
    expect(limiter.take(op('listTransactions'), merchant)?.exceeded).toBe(false);
    expect(limiter.take(op('authorizePayment'), () => 'hk_merchant_b')?.exceeded).toBe(false);
    tick(1000);
    expect(limiter.take(op('authorizePayment'), merchant)?.exceeded).toBe(false);
  });

  test('10,000 an hour: a merchant that stays under 20 a second is still stopped at the hourly limit', () => {
    const { clock, tick } = frozenClock();
    const limiter = new RateLimiter(haloubiSpec, clock, undefined);
    for (let second = 0; second < 500; second++) {
      for (let i = 0; i < 20; i++) expect(limiter.take(op('salePayment'), merchant)?.exceeded).toBe(false);
      tick(1000);
    }
    const over = limiter.take(op('salePayment'), merchant);
    expect(over?.exceeded).toBe(true);
    expect(over?.retryAfterSeconds).toBe(3600 - 500);
  });

  test('public endpoints: 50 a second per client address', () => {
    const { clock } = frozenClock();
    const limiter = new RateLimiter(haloubiSpec, clock, undefined);
    const from = (ip: string) => (scope: string) => (scope === 'ip' ? ip : 'unused');
    for (let i = 0; i < 50; i++) limiter.take(op('getPublicPaymentIntent'), from('10.0.0.1'));
    expect(limiter.take(op('confirmPaymentIntent'), from('10.0.0.1'))?.exceeded).toBe(true);
    expect(limiter.take(op('getPublicPaymentIntent'), from('10.0.0.2'))?.exceeded).toBe(false);
  });

  test('windows that have ended are swept, so memory follows live callers', () => {
    const { clock, tick } = frozenClock();
    const limiter = new RateLimiter(haloubiSpec, clock, undefined);
    for (let i = 0; i < 5000; i++) limiter.take(op('getPublicPaymentIntent'), () => `ip-${i}`);
    expect(limiter.size).toBe(5000);
    tick(1000);
    limiter.sweep();
    expect(limiter.size).toBe(0);
  });

  test('false lifts every limit; a number replaces each request count and keeps its window', () => {
    const { clock } = frozenClock();
    expect(new RateLimiter(haloubiSpec, clock, false).take(op('authorizePayment'), merchant)).toBeUndefined();
    const two = new RateLimiter(haloubiSpec, clock, 2);
    expect(two.take(op('authorizePayment'), merchant)?.exceeded).toBe(false);
    expect(two.take(op('authorizePayment'), merchant)?.exceeded).toBe(false);
    expect(two.take(op('authorizePayment'), merchant)?.exceeded).toBe(true);
    expect(() => new RateLimiter(haloubiSpec, clock, 0)).toThrow(/at least 1, not 0/);
    expect(() => new RateLimiter(haloubiSpec, clock, 2.5)).toThrow(/whole number/);
  });
});

describe('over HTTP, in each provider format', () => {
  let sandbox: RunningSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  test('sandboxDefaults lists the documented limits; a provider that documents none has none', async () => {
    const chariPay = await sandboxDefaults('chari-pay');
    expect(chariPay.rateLimits.find((l) => l.operationId === 'listPayments')).toMatchObject({
      requests: 100,
      windowSeconds: 60,
      scope: 'credential',
    });
    expect((await sandboxDefaults('novasend')).rateLimits).toEqual([]);
  });

  test('Chari Pay: the limit in X-RateLimit-Remaining / -Reset, the documented 429, per key, reset on the sandbox clock', async () => {
    sandbox = await startSandbox('chari-pay', { rateLimit: 3 });
    const list = () => fetch(`${sandbox?.url}/v1/payments`, { headers: { authorization: 'Bearer test_key' } });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await list();
      expect(response.status).toBe(200);
      remaining.push(response.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await list();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
    const reset = Number(refused.headers.get('x-ratelimit-reset'));
    expect(reset - Date.now() / 1000).toBeGreaterThan(0);
    expect(reset - Date.now() / 1000).toBeLessThanOrEqual(61);
    // A wrong key is refused by authentication and opens no window of its own.
    const before = sandbox.footprint().rateLimitWindows;
    for (let i = 0; i < 50; i++) {
      const bogus = await fetch(`${sandbox.url}/v1/payments`, { headers: { authorization: `Bearer sk_bogus_${i}` } });
      expect(bogus.status).toBe(401);
    }
    expect(sandbox.footprint().rateLimitWindows).toBe(before);
    await new SandboxControl(sandbox.url).advanceClock(60);
    const after = await list();
    expect(after.status).toBe(200);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(sandbox.responseViolations).toEqual([]);
  });

  test('Chari Pay by default: 100 a minute', async () => {
    sandbox = await startSandbox('chari-pay');
    const response = await fetch(`${sandbox.url}/v1/payments`, { headers: { authorization: 'Bearer test_key' } });
    expect(response.headers.get('x-ratelimit-remaining')).toBe('99');
  });

  test('AlyaPay: 100 sessions per 15 minutes, then RATE_LIMIT_EXCEEDED', async () => {
    sandbox = await startSandbox('alyapay');
    const create = () =>
      fetch(`${sandbox?.url}/api/v1/public/sessions`, {
        method: 'POST',
        headers: { 'x-api-key': 'test_key', 'content-type': 'application/json' },
        body: JSON.stringify({
          total: '10.00',
          currency: 'MAD',
          items: [{ id: 'P1', name: 'Hat', price: 10, quantity: 1 }],
        }),
      });
    for (let i = 0; i < 100; i++) expect((await create()).status).toBe(200);
    const refused = await create();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toBe('RATE_LIMIT_EXCEEDED');
    await new SandboxControl(sandbox.url).advanceClock(15 * 60);
    expect((await create()).status).toBe(200);
    expect(sandbox.responseViolations).toEqual([]);
  });

  test('Haloubi: the documented 429 body once a merchant is over its limit', async () => {
    sandbox = await startSandbox('haloubi-gateway', { rateLimit: 1 });
    const get = () => fetch(`${sandbox?.url}/api/v1/payments/pay_missing`, { headers: { 'x-api-key': 'test_key' } });
    expect((await get()).status).toBe(404);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
    expect(sandbox.responseViolations).toEqual([]);
  });
});
