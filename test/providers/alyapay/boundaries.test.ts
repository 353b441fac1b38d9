import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/index.js';

// Every expectation is the document's (alyapay-backend-integration.txt) or written here by hand.
/** "400 | AMOUNT_MISMATCH | Total doesn't match sum of items"; "Ensure total matches sum of items". */
const MISMATCH = { status: 400, error: 'AMOUNT_MISMATCH' };
/** The document's example order: one "Wireless Headphones" at 1799, so the items sum to 1799.00 MAD. */
const ITEMS = [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }];

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox('alyapay');
});
afterAll(() => sandbox?.close());

async function createSession(total: string, items: unknown[] = ITEMS) {
  const response = await fetch(`${sandbox.url}/api/v1/public/sessions`, {
    method: 'POST',
    headers: { 'x-api-key': 'test_key', 'content-type': 'application/json' },
    body: JSON.stringify({ total, currency: 'MAD', items }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a raw reply, read field by field in the assertions
  return { status: response.status, body: (await response.json()) as any };
}

describe('the total must equal the sum of the items, to the centime', () => {
  test('1799.00 against items summing to 1799.00 passes', async () => {
    const reply = await createSession('1799.00');
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(typeof reply.body.session_token).toBe('string');
  });

  test.each(['1799.01', '1798.99'])(
    '%s against items summing to 1799.00 is refused with AMOUNT_MISMATCH',
    async (total) => {
      const reply = await createSession(total);
      expect({ status: reply.status, error: reply.body.error }).toEqual(MISMATCH);
    },
  );

  test('two items at 899.50 sum to 1799.00: 1799.00 passes, 1799.01 is refused', async () => {
    const items = [{ id: 'PRODUCT_124', name: 'Earbuds', price: 899.5, quantity: 2 }];
    expect((await createSession('1799.00', items)).status).toBe(200);
    const over = await createSession('1799.01', items);
    expect({ status: over.status, error: over.body.error }).toEqual(MISMATCH);
  });
});
