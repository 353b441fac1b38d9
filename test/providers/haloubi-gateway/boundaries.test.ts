import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/index.js';

// Every expectation is the document's (haloubi-payment-gateway-api.txt) or written here by hand.
/** Capture: "Amount to capture in cents. Must be: ≤ authorized amount"; "400 Bad Request - Amount Too High". */
/** Void: "Cancel before capture"; "400 Bad Request - Already Captured". */
const REFUSED = 400;
/** Test card "4242 4242 4242 4242": success; "Expiry: Any future date". */
const SUCCESS_CARD = {
  number: '4242424242424242',
  exp_month: 12,
  exp_year: new Date().getUTCFullYear() + 2,
  cvv: '123',
  cardholder_name: 'Jane Doe',
};

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox('haloubi-gateway');
});
afterAll(() => sandbox?.close());

// biome-ignore lint/suspicious/noExplicitAny: a raw reply, read field by field in the assertions
async function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'x-api-key': 'test_key', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

async function authorize(amount: number): Promise<string> {
  const reply = await send('POST', '/api/v1/payments/authorize', { amount, currency: 'USD', card: SUCCESS_CARD });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  expect(reply.body.status).toBe('authorized');
  return reply.body.id;
}

const capture = (id: string, amount: number) => send('POST', `/api/v1/payments/${id}/capture`, { amount });

describe('capture up to the authorized amount', () => {
  test('capturing exactly the authorized 9999 cents passes', async () => {
    const id = await authorize(9999);
    const reply = await capture(id, 9999);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.status).toBe('captured');
  });

  test('capturing 10000 cents of a 9999 authorization is refused and leaves it authorized', async () => {
    const id = await authorize(9999);
    const reply = await capture(id, 10000);
    expect(reply.status).toBe(REFUSED);
    expect((await send('GET', `/api/v1/payments/${id}`)).body.status).toBe('authorized');
    // Still capturable in full afterwards: the refusal changed nothing.
    expect((await capture(id, 9999)).status).toBe(200);
  });

  test('a partial capture (100 of 9999) passes', async () => {
    const id = await authorize(9999);
    expect((await capture(id, 100)).status).toBe(200);
  });
});

describe('void is for an authorization not yet captured', () => {
  test('voiding an authorization passes', async () => {
    const id = await authorize(500);
    const reply = await send('POST', `/api/v1/payments/${id}/void`, { reason: 'Order canceled' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.status).toBe('voided');
  });

  test('voiding a captured payment is refused and it stays captured', async () => {
    const id = await authorize(500);
    expect((await capture(id, 500)).status).toBe(200);
    const reply = await send('POST', `/api/v1/payments/${id}/void`, { reason: 'Customer requested cancellation' });
    expect(reply.status).toBe(REFUSED);
    expect((await send('GET', `/api/v1/payments/${id}`)).body.status).toBe('captured');
  });
});
