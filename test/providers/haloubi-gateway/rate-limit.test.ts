import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/index.js';

/**
 * Haloubi "Rate Limits": payment operations 20 requests per second (and 10,000 per hour) per merchant, transaction
 * queries 100 per second per merchant, public endpoints 50 per second per IP; over a limit, "429 Too Many Requests".
 * Each burst is sent at once, well inside one second of sandbox time.
 */
const API_KEY = { 'X-API-Key': 'test_key' };
const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123' };

let sandbox: RunningSandbox;

async function request(path: string, init: RequestInit = {}): Promise<{ status: number; json: Reply }> {
  const response = await fetch(`${sandbox.url}${path}`, init);
  return { status: response.status, json: (await response.json()) as Reply };
}

interface Reply {
  id: string;
  error?: { type: string; code: string; message: string };
}

const get = (path: string, headers: Record<string, string> = API_KEY) => request(path, { headers });
const post = (path: string, body: unknown) =>
  request(path, {
    method: 'POST',
    headers: { ...API_KEY, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/**
 * Sends `count` copies of a request at once, in a fresh window (the sandbox clock moves on a second first). The
 * windows run on real time, so on a machine too busy to answer the burst inside 0.8 s it is sent again.
 */
async function burst(count: number, send: () => Promise<{ status: number; json: Reply }>) {
  for (let attempt = 1; ; attempt++) {
    await new SandboxControl(sandbox.url).advanceClock(1);
    const started = performance.now();
    const replies = await Promise.all(Array.from({ length: count }, send));
    if (performance.now() - started < 800 || attempt === 5) return replies;
  }
}

function statusCounts(replies: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of replies) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('haloubi-gateway documented rate limits', () => {
  beforeEach(async () => {
    sandbox = await startSandbox('haloubi-gateway');
  });
  afterEach(() => sandbox?.close());

  test('payment operations: 20 a second per merchant, then 429 rate_limit_exceeded until the second is over', async () => {
    const { json: payment } = await post('/api/v1/payments/authorize', { amount: 9999, currency: 'USD', card });
    const replies = await burst(21, () => get(`/api/v1/payments/${payment.id}`));
    expect(statusCounts(replies)).toEqual({ 200: 20, 429: 1 });
    const limited = replies.find((r) => r.status === 429);
    expect(limited?.json.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });

    // Transaction queries have a limit of their own.
    expect((await get('/api/v1/transactions')).status).toBe(200);
    await new SandboxControl(sandbox.url).advanceClock(1);
    expect((await get(`/api/v1/payments/${payment.id}`)).status).toBe(200);
  });

  test('transaction queries: 100 a second per merchant', async () => {
    expect(statusCounts(await burst(101, () => get('/api/v1/transactions')))).toEqual({ 200: 100, 429: 1 });
  });

  test('public endpoints (hosted checkout): 50 a second per IP, with no credential at all', async () => {
    const { json: intent } = await post('/api/v1/payment-intents', {
      amount: 9999,
      currency: 'USD',
      success_url: 'https://shop.example.com/success',
    });
    const replies = await burst(51, () => get(`/api/public/payment-intents/${intent.id}`, {}));
    expect(statusCounts(replies)).toEqual({ 200: 50, 429: 1 });
  });
});
