import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { documentedPayinRequest, novasendSession } from './sandbox-session.js';

// Every expectation is the document's (novasend-payin-api.txt) or written here by hand.
// "amount | number | Montant à payer (en unités entières, sans décimales)": whole units, no decimals.
// "msisdn | string | Numéro de téléphone du client payeur (format E.164)": "+", then at most 15 digits.
// "X-Idempotency-Key obligatoire".

let session: Awaited<ReturnType<typeof novasendSession>>;
beforeAll(async () => {
  session = await novasendSession();
});
afterAll(() => session?.close());

function expectRefused(reply: { status: number; body: unknown }): void {
  expect(reply.status, JSON.stringify(reply.body)).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
}

describe('amount in whole units, without decimals', () => {
  test.each([300, 1])('%d is accepted', async (amount) => {
    const reply = await session.createPayin(documentedPayinRequest({ amount }));
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
    expect(reply.body.amount).toBe(amount);
  });

  test.each([300.5, 300.01, 0.99])('%d is refused', async (amount) => {
    expectRefused(await session.createPayin(documentedPayinRequest({ amount })));
  });
});

describe('msisdn in E.164: "+" and at most 15 digits', () => {
  test.each([
    ['the document’s example (13 digits)', '+2250702968786'],
    ['15 digits, the E.164 maximum', '+225070296878612'],
  ])('%s is accepted', async (_, msisdn) => {
    const reply = await session.createPayin(documentedPayinRequest({ msisdn }));
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  });

  test.each([
    ['16 digits, one over the E.164 maximum', '+2250702968786123'],
    ['the example without its "+"', '2250702968786'],
    ['a leading zero after "+"', '+0250702968786'],
  ])('%s is refused', async (_, msisdn) => {
    expectRefused(await session.createPayin(documentedPayinRequest({ msisdn })));
  });
});

test('a payin without X-Idempotency-Key is refused', async () => {
  const response = await fetch(`${session.sandbox.url}/v1/payin/sessions`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('test_key:test_client').toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(documentedPayinRequest()),
  });
  expectRefused({ status: response.status, body: await response.text() });
});
