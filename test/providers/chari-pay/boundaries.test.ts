import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningSandbox, SandboxControl, startSandbox } from '../../../src/sandbox/index.js';

// Expectations are the guide's (chari-pay-integration-guide.txt) or written here by hand.
/** Tokens of the guide's test scenarios ("Successful payment", "3D Secure challenge"), as the spec names them. */
const SUCCESS_TOKEN = 'tok_success';
const CHALLENGE_TOKEN = 'tok_3ds_challenge';
/**
 * The guide is silent on the failure code of a failed 3D Secure authentication; the spec chose (x-inferred, on its
 * 3D Secure challenge test card) `authentication_failed`, written here by hand.
 */
const THREE_DS_FAILURE_CODE = 'authentication_failed';

let sandbox: RunningSandbox;
let control: SandboxControl;
beforeAll(async () => {
  sandbox = await startSandbox('chari-pay');
  control = new SandboxControl(sandbox.url);
});
afterAll(() => sandbox?.close());

// biome-ignore lint/suspicious/noExplicitAny: a raw reply, read field by field in the assertions
async function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      authorization: 'Bearer test_key',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** The guide's example payment (150.00 MAD), without its webhook_url: the sandbox would deliver there for real. */
async function createPayment(paymentMethod: string) {
  return send('POST', '/v1/payments', {
    amount: 15000,
    currency: 'MAD',
    reference: `ORDER-${randomUUID()}`,
    return_url: 'https://mysite.ma/payment/return',
    payment_method: paymentMethod,
  });
}

const refund = (id: string, amount?: number) =>
  send('POST', `/v1/payments/${id}/refunds`, amount === undefined ? {} : { amount });

describe('"the cumulative amount does not exceed the original amount"', () => {
  test('refunding one centime more than the 15000 captured is refused and refunds nothing', async () => {
    const { body: payment } = await createPayment(SUCCESS_TOKEN);
    expect(payment.status).toBe('captured');
    const over = await refund(payment.id, 15001);
    expect(over.status).toBeGreaterThanOrEqual(400);
    expect(over.status).toBeLessThan(500);
    const after = (await send('GET', `/v1/payments/${payment.id}`)).body;
    expect(after.status).toBe('captured');
    expect(after.amount_refunded ?? 0).toBe(0);
  });

  test('refunding exactly the 15000 captured passes and refunds the payment', async () => {
    const { body: payment } = await createPayment(SUCCESS_TOKEN);
    const whole = await refund(payment.id, 15000);
    expect(whole.status, JSON.stringify(whole.body)).toBe(201);
    expect(whole.body.amount).toBe(15000);
    expect((await send('GET', `/v1/payments/${payment.id}`)).body.status).toBe('refunded');
  });

  test('partial refunds of 10000 then 5001 are refused at the second; 5000 passes', async () => {
    const { body: payment } = await createPayment(SUCCESS_TOKEN);
    expect((await refund(payment.id, 10000)).status).toBe(201);
    const over = await refund(payment.id, 5001);
    expect(over.status).toBeGreaterThanOrEqual(400);
    expect(over.status).toBeLessThan(500);
    expect((await refund(payment.id, 5000)).status).toBe(201);
    expect((await refund(payment.id, 1)).status).toBeGreaterThanOrEqual(400);
  });
});

describe('3D Secure challenge', () => {
  test('the payment waits in requires_action with a redirect_to_3ds next_action', async () => {
    const { status, body } = await createPayment(CHALLENGE_TOKEN);
    expect(status).toBeLessThan(300);
    expect(body.status).toBe('requires_action');
    expect(body.next_action.type).toBe('redirect_to_3ds');
  });

  test('a failed authentication ends failed with its failure code', async () => {
    const { body } = await createPayment(CHALLENGE_TOKEN);
    await control.completeChariPayThreeDSecure(body.id, 'failure');
    const after = (await send('GET', `/v1/payments/${body.id}`)).body;
    expect(after.status).toBe('failed');
    expect(after.failure_code).toBe(THREE_DS_FAILURE_CODE);
  });

  test('a passed authentication ends captured, with no failure code', async () => {
    const { body } = await createPayment(CHALLENGE_TOKEN);
    await control.completeChariPayThreeDSecure(body.id, 'success');
    const after = (await send('GET', `/v1/payments/${body.id}`)).body;
    expect(after.status).toBe('captured');
    expect(after.failure_code ?? null).toBeNull();
  });
});
