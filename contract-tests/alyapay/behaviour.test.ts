import { expect, test } from 'vitest';
import { PaymentApiError } from '../../src/core/errors.js';
import { behaviourSuite, needsControl } from '../support/behaviour-target.js';

const order = {
  total: '1799.00',
  currency: 'MAD' as const,
  items: [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }],
};

async function rejection(call: Promise<unknown>): Promise<PaymentApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentApiError);
  return error as PaymentApiError;
}

behaviourSuite('alyapay', (h) => {
  test('successful payment: session → customer pays → status APPROVED', async (ctx) => {
    needsControl(ctx, h);
    const { data: session } = await h.client().post('/api/v1/public/sessions', { body: order });
    expect(session.expires_in).toBe(3600);
    const { transaction_id } = await h.control.payAlyaPaySession(session.session_id, 'APPROVED');
    const status = await h
      .client({ credentials: { ...h.credentials, sessionToken: session.session_token } })
      .get('/api/v1/public/transactions/{transaction_id}/status', {
        params: { path: { transaction_id } },
      });
    expect(status.data).toMatchObject({ status: 'APPROVED', transaction_id, amount: 1799, currency: 'MAD' });
  });

  test.for([['CANCELED'], ['PENDING']] as const)('a %s checkout is not approved', async ([outcome], ctx) => {
    needsControl(ctx, h);
    const { data: session } = await h.client().post('/api/v1/public/sessions', { body: order });
    const { transaction_id } = await h.control.payAlyaPaySession(session.session_id, outcome);
    const { data } = await h
      .client({ credentials: { ...h.credentials, sessionToken: session.session_token } })
      .get('/api/v1/public/transactions/{transaction_id}/status', {
        params: { path: { transaction_id } },
      });
    expect(data.status).toBe(outcome);
  });

  test.each([
    ['a zero total', { ...order, total: '0.00', items: [{ ...order.items[0]!, price: 0 }] }, 'INVALID_AMOUNT'],
    ['a negative total', { ...order, total: '-5.00' }, 'INVALID_AMOUNT'],
    ['an incorrect currency', { ...order, currency: 'EUR' }, 'INVALID_CURRENCY'],
    ['no items', { ...order, items: [] }, 'INVALID_ITEMS'],
    ['a total that is not the sum of items', { ...order, total: '1800.00' }, 'AMOUNT_MISMATCH'],
  ])('%s is rejected with 400 %s', async (_name, body, code) => {
    // Deliberately outside the types: the sandbox must reject what the compiler would.
    const error = await rejection(
      h.client({ validate: 'responses' }).post('/api/v1/public/sessions', { body: body as unknown as typeof order }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe(code);
  });

  test('the total must equal the sum of price × quantity, in exact centimes', async () => {
    const body = {
      total: '0.30',
      currency: 'MAD' as const,
      items: [
        { id: 'A', name: 'a', price: 0.1, quantity: 1 },
        { id: 'B', name: 'b', price: 0.2, quantity: 1 },
      ],
    };
    const { data } = await h.client().post('/api/v1/public/sessions', { body });
    expect(data.session_id).toMatch(/^sess_/);
  });

  test('a wrong API key is refused with 401 INVALID_API_KEY', async () => {
    const error = await rejection(
      h.client({ credentials: { apiKey: 'sk_wrong' } }).post('/api/v1/public/sessions', { body: order }),
    );
    expect([error.status, error.code]).toEqual([401, 'INVALID_API_KEY']);
  });

  test('session expiration: the token stops working after 1 hour', async (ctx) => {
    needsControl(ctx, h);
    const { data: session } = await h.client().post('/api/v1/public/sessions', { body: order });
    const { transaction_id } = await h.control.payAlyaPaySession(session.session_id, 'APPROVED');
    const verifier = h.client({ credentials: { ...h.credentials, sessionToken: session.session_token } });
    await h.control.advanceClock(3599);
    await expect(
      verifier.get('/api/v1/public/transactions/{transaction_id}/status', { params: { path: { transaction_id } } }),
    ).resolves.toBeTruthy();
    await h.control.advanceClock(2);
    const error = await rejection(
      verifier.get('/api/v1/public/transactions/{transaction_id}/status', { params: { path: { transaction_id } } }),
    );
    expect([error.status, error.code]).toEqual([401, 'INVALID_SESSION_TOKEN']);
  });

  test('an unknown transaction, or one of another session, is 404 TRANSACTION_NOT_FOUND', async (ctx) => {
    needsControl(ctx, h);
    const { data: first } = await h.client().post('/api/v1/public/sessions', { body: order });
    const { data: second } = await h.client().post('/api/v1/public/sessions', { body: order });
    const { transaction_id } = await h.control.payAlyaPaySession(first.session_id, 'APPROVED');
    const other = h.client({ credentials: { ...h.credentials, sessionToken: second.session_token } });
    for (const id of [transaction_id, '00000000-0000-4000-8000-000000000000']) {
      const error = await rejection(
        other.get('/api/v1/public/transactions/{transaction_id}/status', { params: { path: { transaction_id: id } } }),
      );
      expect([error.status, error.code]).toEqual([404, 'TRANSACTION_NOT_FOUND']);
    }
  });

  test('double submission: a paid session cannot be paid again', async (ctx) => {
    needsControl(ctx, h);
    const { data: session } = await h.client().post('/api/v1/public/sessions', { body: order });
    await h.control.payAlyaPaySession(session.session_id, 'APPROVED');
    await expect(h.control.payAlyaPaySession(session.session_id, 'APPROVED')).rejects.toMatchObject({
      status: 409,
      code: 'invalid_state',
    });
  });
});
