import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/index.js';

/**
 * Haloubi: "If the same key is used within 24 hours, the original response is returned without creating a new
 * payment", and "Idempotency key already used with different data" is a 409. The document never scopes a key to an
 * endpoint, so the spec reads a key as naming one request across operations (`x-idempotency-scope: key`, inferred):
 * the same key on another operation is different data, a 409 that creates nothing.
 */
const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123' };
const payment = { amount: 9999, currency: 'USD', card };

let sandbox: RunningSandbox;

async function post(path: string, key: string, body: unknown): Promise<{ status: number; json: Reply }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'X-API-Key': 'test_key', 'Idempotency-Key': key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Reply };
}

interface Reply {
  id: string;
  status: string;
  error?: { type: string; code: string };
}

async function transactionCount(): Promise<number> {
  const response = await fetch(`${sandbox.url}/api/v1/transactions?limit=100`, {
    headers: { 'X-API-Key': 'test_key' },
  });
  return ((await response.json()) as { total: number }).total;
}

describe('haloubi-gateway idempotency keys name one request across operations', () => {
  beforeAll(async () => {
    sandbox = await startSandbox('haloubi-gateway');
  });
  afterAll(() => sandbox?.close());

  test('the same key on /sale after /authorize is a 409 idempotency_key_mismatch and creates no second payment', async () => {
    const first = await post('/api/v1/payments/authorize', 'order-777-1', payment);
    expect([first.status, first.json.status]).toEqual([200, 'authorized']);
    const before = await transactionCount();

    const second = await post('/api/v1/payments/sale', 'order-777-1', payment);
    expect([second.status, second.json.error?.type, second.json.error?.code]).toEqual([
      409,
      'conflict_error',
      'idempotency_key_mismatch',
    ]);
    expect(await transactionCount()).toBe(before);

    // The key still names the authorization: its own retry replays it.
    const retry = await post('/api/v1/payments/authorize', 'order-777-1', payment);
    expect([retry.status, retry.json.id]).toEqual([200, first.json.id]);
  });

  test('the same key on another payment path (capture of another payment) is a conflict too', async () => {
    const a = await post('/api/v1/payments/authorize', 'order-778-a', payment);
    const b = await post('/api/v1/payments/authorize', 'order-778-b', payment);
    const captureA = await post(`/api/v1/payments/${a.json.id}/capture`, 'ship-778', { amount: 9999 });
    expect([captureA.status, captureA.json.status]).toEqual([200, 'captured']);
    const captureB = await post(`/api/v1/payments/${b.json.id}/capture`, 'ship-778', { amount: 9999 });
    expect([captureB.status, captureB.json.error?.code]).toEqual([409, 'idempotency_key_mismatch']);
  });
});
