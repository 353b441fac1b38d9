import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AlyaPayErrorCode } from '../../../generated/alyapay/enums.js';
import spec from '../../../generated/alyapay/spec.js';
import { validators } from '../../../generated/alyapay/validators.js';
import { OperationIndex } from '../../../src/core/operation-index.js';
import { alyapaySandbox } from '../../../src/providers/alyapay/sandbox/index.js';
import { alyapaySession, DOCUMENTED_ORDER } from './sandbox-session.js';

let session: Awaited<ReturnType<typeof alyapaySession>>;
beforeAll(async () => {
  session = await alyapaySession();
});
afterAll(() => session?.close());

const line = (price: number, quantity: number) => ({ id: 'P1', name: 'Olive oil (kg)', price, quantity });

describe('items[].quantity is a number, as the document types it', () => {
  test('1.5 × 10.00 MAD = 15.00 is accepted, and paid for exactly', async () => {
    const created = await session.createSession({ total: '15.00', currency: 'MAD', items: [line(10, 1.5)] });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const { transaction_id } = await session.control.payAlyaPaySession(created.body.session_id, 'APPROVED');
    const status = await session.transactionStatus(created.body.session_token, transaction_id);
    expect(status.body).toMatchObject({ status: 'APPROVED', amount: 15, currency: 'MAD' });
  });

  test.each([
    ['0.333 × 3.00 is 0.999, not 1.00', 'AMOUNT_MISMATCH', { total: '1.00', currency: 'MAD', items: [line(3, 0.333)] }],
    ['0.5 × 0.01 is half a centime', 'AMOUNT_MISMATCH', { total: '0.01', currency: 'MAD', items: [line(0.01, 0.5)] }],
    ['a zero quantity', 'INVALID_ITEMS', { total: '1.00', currency: 'MAD', items: [line(1, 0), line(1, 1)] }],
    ['a negative quantity', 'INVALID_ITEMS', { total: '1.00', currency: 'MAD', items: [line(1, -1), line(2, 1)] }],
  ])('%s: 400 %s', async (_name, code, body) => {
    const refused = await session.createSession(body);
    expect([refused.status, refused.body?.error]).toEqual([400, code]);
  });
});

describe('no misleading code for a field the document does not list', () => {
  test('an unknown top-level field is not answered INVALID_ITEMS: the order is accepted', async () => {
    const created = await session.createSession({ ...DOCUMENTED_ORDER, customer_email: 'a@example.com' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
  });

  test('an unknown item field is accepted too', async () => {
    const items = [{ ...DOCUMENTED_ORDER.items[0], sku_color: 'black' }];
    expect((await session.createSession({ ...DOCUMENTED_ORDER, items })).status).toBe(200);
  });
});

describe('error codes come from the spec', () => {
  test('every documented code is in the generated enum, with NOT_FOUND for an unknown path', async () => {
    expect(Object.values(AlyaPayErrorCode)).toEqual(
      expect.arrayContaining([
        'INVALID_AMOUNT',
        'INVALID_CURRENCY',
        'INVALID_ITEMS',
        'AMOUNT_MISMATCH',
        'INVALID_API_KEY',
        'RATE_LIMIT_EXCEEDED',
        'INVALID_SESSION_TOKEN',
        'TRANSACTION_NOT_FOUND',
        'NOT_FOUND',
      ]),
    );
    const unknown = await session.send('GET', '/api/v1/public/refunds', { 'x-api-key': 'test_key' });
    expect([unknown.status, unknown.body?.error]).toEqual([404, 'NOT_FOUND']);
    expect(validators.schemas.AlyaPayError?.(unknown.body)).toBe(true);
  });

  test('a sandbox fault is a 500 in the AlyaPay format that says it is a sandbox bug', () => {
    const reply = alyapaySandbox.errors.sandboxFault?.(undefined, 'state lost');
    expect(reply?.status).toBe(500);
    expect(validators.responses.createSession?.['500']?.(reply?.body)).toBe(true);
    expect(reply?.body).toMatchObject({
      error: 'INTERNAL_ERROR',
      message: expect.stringMatching(/bug in the sandbox/),
    });
  });
});

describe('rate limit: "Too many requests (max 100 per 15 min)"', () => {
  test('createSession declares it as one x-rate-limit entry per API key, with a documented 429', () => {
    const op = new OperationIndex(spec).byOperationId('createSession');
    expect(op?.raw['x-rate-limit']).toEqual([
      expect.objectContaining({ requests: 100, windowSeconds: 900, scope: 'credential' }),
    ]);
    expect(op?.responses.map((r) => r.status)).toContain('429');
  });

  test('the 429 reply is RATE_LIMIT_EXCEEDED in the documented format', () => {
    const op = new OperationIndex(spec).byOperationId('createSession');
    if (!op) throw new Error('createSession is missing from the spec');
    const reply = alyapaySandbox.errors.rateLimited?.(op, 120);
    expect(reply?.status).toBe(429);
    expect(reply?.body).toMatchObject({ error: 'RATE_LIMIT_EXCEEDED' });
    expect(validators.responses.createSession?.['429']?.(reply?.body)).toBe(true);
  });
});
