import { expect, test } from 'vitest';
import { verifyHaloubiWebhook, WebhookVerificationError } from '../../src/providers/haloubi-gateway/index.js';
import { behaviourSuite, needsControl } from '../support/behaviour-target.js';
import {
  CARDS,
  card,
  haloubi,
  haloubiError,
  intentRequest,
  paymentRequest,
  receivedEvents,
  rejection,
} from './fixtures.js';

const DAY = 86_400;

behaviourSuite('haloubi-gateway', (h) => {
  const pay = (id: string) => ({ params: { path: { id } } });

  test('successful payment: authorize an approved Visa → authorized, held for 7 days, retrievable', async () => {
    const client = haloubi(h);
    const { data } = await client.post('/api/v1/payments/authorize', { body: paymentRequest(CARDS.visa, 9999) });
    expect(data).toMatchObject({
      status: 'authorized',
      amount: 9999,
      currency: 'USD',
      captured_amount: 0,
      refunded_amount: 0,
      card: { brand: 'visa', last4: '4242' },
    });
    expect(Date.parse(data.expires_at!) - Date.parse(data.created_at)).toBe(7 * DAY * 1000);
    const { data: fetched } = await client.get('/api/v1/payments/{id}', pay(data.id));
    expect(fetched).toMatchObject({
      id: data.id,
      status: 'authorized',
      description: 'Order #12345',
      metadata: { order_id: '12345' },
    });
  });

  test('sale with an approved Mastercard → captured at once', async () => {
    const { data } = await haloubi(h).post('/api/v1/payments/sale', {
      body: paymentRequest(CARDS.mastercard, 2500, 'MAD'),
    });
    expect(data).toMatchObject({
      status: 'captured',
      amount: 2500,
      currency: 'MAD',
      captured_amount: 2500,
      card: { brand: 'mastercard', last4: '4444' },
    });
  });

  test.each([
    ['generic decline', CARDS.genericDecline, '05', 'card_declined'],
    ['insufficient funds', CARDS.insufficientFunds, '51', 'card_declined'],
    ['expired card (even with a future expiry)', CARDS.expiredCard, '54', 'card_declined'],
    ['CVV mismatch', CARDS.cvvMismatch, 'N7', 'card_declined'],
    ['processing error', CARDS.processingError, '96', 'card_declined'],
    ['high fraud risk', CARDS.highFraudRisk, 'fraud', 'fraud_declined'],
  ] as const)(
    'declined: %s (%s) → 402 with decline code %s and a failed payment',
    async (_name, number, declineCode, code) => {
      const client = haloubi(h);
      for (const path of ['/api/v1/payments/authorize', '/api/v1/payments/sale'] as const) {
        const error = await rejection(client.post(path, { body: paymentRequest(number) }));
        const body = haloubiError(error);
        expect([error.status, error.code]).toEqual([402, declineCode]);
        expect(body).toMatchObject({ type: 'card_error', code, decline_code: declineCode });
        const { data: failed } = await client.get('/api/v1/payments/{id}', pay(body.payment_id!));
        expect(failed).toMatchObject({ status: 'failed', decline_code: declineCode, captured_amount: 0 });
      }
    },
  );

  test('a declined card sends payment.failed; an approved one payment.authorized, both signed', async (ctx) => {
    needsControl(ctx, h);
    const client = haloubi(h);
    const declined = haloubiError(
      await rejection(client.post('/api/v1/payments/authorize', { body: paymentRequest(CARDS.insufficientFunds) })),
    );
    const { data: approved } = await client.post('/api/v1/payments/authorize', { body: paymentRequest(CARDS.visa) });
    const events = await receivedEvents(h);
    expect(events.map((e) => [e.event, e.payload.data.object.id, e.payload.data.object.status])).toEqual([
      ['payment.failed', declined.payment_id, 'failed'],
      ['payment.authorized', approved.id, 'authorized'],
    ]);
    expect(events.every((e) => e.authenticated)).toBe(true);
  });

  test('capture: partial capture up to the authorized amount, never more, never twice', async () => {
    const client = haloubi(h);
    const { data: auth } = await client.post('/api/v1/payments/authorize', { body: paymentRequest(CARDS.visa, 10000) });
    const tooHigh = await rejection(
      client.post('/api/v1/payments/{id}/capture', { ...pay(auth.id), body: { amount: 10001 } }),
    );
    expect([tooHigh.status, tooHigh.code]).toEqual([400, 'amount_too_high']);
    const { data: captured } = await client.post('/api/v1/payments/{id}/capture', {
      ...pay(auth.id),
      body: { amount: 5000 },
    });
    expect(captured).toMatchObject({ status: 'captured', amount: 10000, captured_amount: 5000 });
    const again = await rejection(
      client.post('/api/v1/payments/{id}/capture', { ...pay(auth.id), body: { amount: 5000 } }),
    );
    expect([again.status, again.code]).toEqual([400, 'already_captured']);
  });

  test('refunds: partial refunds add up to the captured amount → partially_refunded, then refunded', async () => {
    const client = haloubi(h);
    const { data: auth } = await client.post('/api/v1/payments/authorize', { body: paymentRequest(CARDS.visa, 10000) });
    const notCaptured = await rejection(
      client.post('/api/v1/payments/{id}/refund', { ...pay(auth.id), body: { amount: 100 } }),
    );
    expect([notCaptured.status, notCaptured.code]).toEqual([400, 'not_captured']);
    await client.post('/api/v1/payments/{id}/capture', { ...pay(auth.id), body: { amount: 8000 } });

    const { data: first } = await client.post('/api/v1/payments/{id}/refund', {
      ...pay(auth.id),
      body: { amount: 3000, reason: 'Product returned' },
    });
    expect(first).toMatchObject({ status: 'partially_refunded', refunded_amount: 3000 });
    // Never more than was captured (8000), not the authorized 10000.
    const tooHigh = await rejection(
      client.post('/api/v1/payments/{id}/refund', { ...pay(auth.id), body: { amount: 5001 } }),
    );
    expect([tooHigh.status, tooHigh.code]).toEqual([400, 'amount_too_high']);
    const { data: second } = await client.post('/api/v1/payments/{id}/refund', {
      ...pay(auth.id),
      body: { amount: 2000 },
    });
    expect(second).toMatchObject({ status: 'partially_refunded', refunded_amount: 5000 });
    const { data: last } = await client.post('/api/v1/payments/{id}/refund', {
      ...pay(auth.id),
      body: { amount: 3000 },
    });
    expect(last).toMatchObject({ status: 'refunded', captured_amount: 8000, refunded_amount: 8000 });
    const again = await rejection(
      client.post('/api/v1/payments/{id}/refund', { ...pay(auth.id), body: { amount: 1 } }),
    );
    expect([again.status, again.code]).toEqual([400, 'already_refunded']);
  });

  test('full refund of a sale → refunded in one step', async () => {
    const client = haloubi(h);
    const { data: sale } = await client.post('/api/v1/payments/sale', {
      body: paymentRequest(CARDS.visa, 4200, 'EUR'),
    });
    const { data } = await client.post('/api/v1/payments/{id}/refund', { ...pay(sale.id), body: { amount: 4200 } });
    expect(data).toMatchObject({ status: 'refunded', refunded_amount: 4200 });
  });

  test('void: only before capture, only once; a voided payment cannot be captured', async () => {
    const client = haloubi(h);
    const { data: auth } = await client.post('/api/v1/payments/authorize', { body: paymentRequest() });
    const { data: voided } = await client.post('/api/v1/payments/{id}/void', {
      ...pay(auth.id),
      body: { reason: 'Order canceled' },
    });
    expect(voided).toMatchObject({ status: 'voided', captured_amount: 0 });
    const twice = await rejection(client.post('/api/v1/payments/{id}/void', pay(auth.id)));
    expect([twice.status, twice.code]).toEqual([400, 'already_voided']);
    const capture = await rejection(
      client.post('/api/v1/payments/{id}/capture', { ...pay(auth.id), body: { amount: 100 } }),
    );
    expect([capture.status, capture.code]).toEqual([409, 'invalid_state']);

    const { data: sale } = await client.post('/api/v1/payments/sale', { body: paymentRequest() });
    const afterCapture = await rejection(client.post('/api/v1/payments/{id}/void', pay(sale.id)));
    expect([afterCapture.status, afterCapture.code]).toEqual([400, 'already_captured']);
  });

  test('authorization expiry: capturable until 7 days, then capture 400 authorization_expired, void 410 payment_expired', async (ctx) => {
    needsControl(ctx, h);
    const client = haloubi(h);
    const { data: early } = await client.post('/api/v1/payments/authorize', { body: paymentRequest() });
    const { data: late } = await client.post('/api/v1/payments/authorize', { body: paymentRequest() });
    await h.control.advanceClock(7 * DAY - 60);
    await expect(
      client.post('/api/v1/payments/{id}/capture', { ...pay(early.id), body: { amount: 9999 } }),
    ).resolves.toMatchObject({ data: { status: 'captured' } });
    await h.control.advanceClock(60);
    const error = await rejection(
      client.post('/api/v1/payments/{id}/capture', { ...pay(late.id), body: { amount: 9999 } }),
    );
    expect([error.status, error.code]).toEqual([400, 'authorization_expired']);
    expect((await client.get('/api/v1/payments/{id}', pay(late.id))).data.status).toBe('expired');
    const voidExpired = await rejection(client.post('/api/v1/payments/{id}/void', pay(late.id)));
    // Error Codes: 410 "Resource expired or no longer available" - "Authorization expired (7 days)".
    expect([voidExpired.status, voidExpired.code, haloubiError(voidExpired).type]).toEqual([
      410,
      'payment_expired',
      'gone_error',
    ]);
  });

  test('payment intent: created with checkout_url and client_secret; the public view hides the secret', async () => {
    const client = haloubi(h);
    const { data: intent } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    expect(intent).toMatchObject({
      status: 'created',
      amount: 9999,
      currency: 'USD',
      capture_method: 'automatic',
      attempts: 0,
    });
    // The provider's page, or the sandbox's own (http on loopback): an absolute URL that names the intent.
    expect(intent.checkout_url).toMatch(new RegExp(`^https?://.+/${intent.id}(/checkout)?$`));
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_.+`));
    expect(Date.parse(intent.expires_at!) - Date.parse(intent.created_at!)).toBe(3600 * 1000);
    const { data: publicView } = await client.get('/api/public/payment-intents/{id}', pay(intent.id));
    expect(publicView).toMatchObject({ id: intent.id, status: 'created', amount: 9999 });
    expect(publicView).not.toHaveProperty('client_secret');
  });

  test('hosted checkout, automatic capture: confirm with the client secret → succeeded, payment captured', async () => {
    const client = haloubi(h);
    const { data: intent } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    const { data: confirmed } = await client.post('/api/public/payment-intents/{id}/confirm', {
      ...pay(intent.id),
      body: { client_secret: intent.client_secret!, card: card(CARDS.visa) },
    });
    expect(confirmed).toMatchObject({ status: 'succeeded', attempts: 1 });
    const { data: payment } = await client.get('/api/v1/payments/{id}', pay(confirmed.payment_id!));
    expect(payment).toMatchObject({
      status: 'captured',
      captured_amount: 9999,
      payment_intent_id: intent.id,
      customer: { email: 'jane@example.com' },
    });
  });

  test('hosted checkout, manual capture: the secret in ?client_secret= → payment authorized, captured later', async () => {
    const { data: intent } = await haloubi(h).post('/api/v1/payment-intents', {
      body: intentRequest({ capture_method: 'manual' }),
    });
    const browser = haloubi(h, { credentials: { ...h.credentials, clientSecret: intent.client_secret! } });
    const { data: confirmed } = await browser.post('/api/public/payment-intents/{id}/confirm', {
      ...pay(intent.id),
      body: { card: card(CARDS.mastercard) },
    });
    const client = haloubi(h);
    expect((await client.get('/api/v1/payments/{id}', pay(confirmed.payment_id!))).data.status).toBe('authorized');
    const { data: captured } = await client.post('/api/v1/payments/{id}/capture', {
      ...pay(confirmed.payment_id!),
      body: { amount: 9999 },
    });
    expect(captured.status).toBe('captured');
  });

  test('confirm with a wrong or missing client secret → 401 in Haloubi format', async () => {
    const client = haloubi(h);
    const { data: intent } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    const wrong = await rejection(
      client.post('/api/public/payment-intents/{id}/confirm', {
        ...pay(intent.id),
        body: { client_secret: `${intent.id}_secret_wrong`, card: card(CARDS.visa) },
      }),
    );
    expect([wrong.status, wrong.code, haloubiError(wrong).type]).toEqual([
      401,
      'invalid_client_secret',
      'authentication_error',
    ]);
    const missing = await rejection(
      client.post('/api/public/payment-intents/{id}/confirm', { ...pay(intent.id), body: { card: card(CARDS.visa) } }),
    );
    expect([missing.status, missing.code]).toEqual([401, 'missing_client_secret']);
    expect((await client.get('/api/public/payment-intents/{id}', pay(intent.id))).data).toMatchObject({
      status: 'created',
      attempts: 0,
    });
  });

  test('a declined card on the hosted page → 402, the intent stays open for another attempt', async () => {
    const client = haloubi(h);
    const { data: intent } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    const confirm = (number: string) =>
      client.post('/api/public/payment-intents/{id}/confirm', {
        ...pay(intent.id),
        body: { client_secret: intent.client_secret!, card: card(number) },
      });
    const declined = await rejection(confirm(CARDS.cvvMismatch));
    expect([declined.status, declined.code]).toEqual([402, 'N7']);
    const { data } = await confirm(CARDS.visa);
    expect(data).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  test('max attempts: after the attempt limit of declines, confirm answers 410 max_attempts, even with a good card', async () => {
    const client = haloubi(h);
    const { data: intent } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    // The document names a maximum without its value; the spec infers 3 and the intent reports it.
    expect(intent.max_attempts).toBe(3);
    const confirm = (number: string) =>
      client.post('/api/public/payment-intents/{id}/confirm', {
        ...pay(intent.id),
        body: { client_secret: intent.client_secret!, card: card(number) },
      });
    for (let attempt = 1; attempt <= intent.max_attempts!; attempt++) {
      expect((await rejection(confirm(CARDS.genericDecline))).status).toBe(402);
    }
    const gone = await rejection(confirm(CARDS.visa));
    expect([gone.status, gone.code, haloubiError(gone).type]).toEqual([410, 'max_attempts', 'gone_error']);
  });

  test('intent expiration: after 1 hour confirm answers 410 intent_expired and the intent is expired', async (ctx) => {
    needsControl(ctx, h);
    const client = haloubi(h);
    const { data: intent } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    const confirm = () =>
      client.post('/api/public/payment-intents/{id}/confirm', {
        ...pay(intent.id),
        body: { client_secret: intent.client_secret!, card: card(CARDS.visa) },
      });
    await h.control.advanceClock(3599);
    expect((await client.get('/api/public/payment-intents/{id}', pay(intent.id))).data.status).toBe('created');
    await h.control.advanceClock(1);
    const gone = await rejection(confirm());
    expect([gone.status, gone.code]).toEqual([410, 'intent_expired']);
    expect((await client.get('/api/public/payment-intents/{id}', pay(intent.id))).data.status).toBe('expired');
  });

  test('cancel of an intent older than 1 hour → 410 intent_expired (Error Codes: "Payment intent expired (1 hour)")', async (ctx) => {
    needsControl(ctx, h);
    const client = haloubi(h);
    const { data: intent } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    await h.control.advanceClock(3600);
    const gone = await rejection(client.post('/api/v1/payment-intents/{id}/cancel', pay(intent.id)));
    expect([gone.status, gone.code, haloubiError(gone).type]).toEqual([410, 'intent_expired', 'gone_error']);
    expect((await client.get('/api/public/payment-intents/{id}', pay(intent.id))).data.status).toBe('expired');
  });

  test('cancel: an open intent → canceled; a completed one → 400 already_completed; a canceled one cannot be paid', async () => {
    const client = haloubi(h);
    const { data: open } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    expect((await client.post('/api/v1/payment-intents/{id}/cancel', pay(open.id))).data.status).toBe('canceled');
    const twice = await rejection(client.post('/api/v1/payment-intents/{id}/cancel', pay(open.id)));
    expect([twice.status, twice.code]).toEqual([400, 'already_completed']);
    const payCanceled = await rejection(
      client.post('/api/public/payment-intents/{id}/confirm', {
        ...pay(open.id),
        body: { client_secret: open.client_secret!, card: card(CARDS.visa) },
      }),
    );
    expect([payCanceled.status, payCanceled.code]).toEqual([400, 'already_completed']);

    const { data: paid } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    await client.post('/api/public/payment-intents/{id}/confirm', {
      ...pay(paid.id),
      body: { client_secret: paid.client_secret!, card: card(CARDS.visa) },
    });
    const completed = await rejection(client.post('/api/v1/payment-intents/{id}/cancel', pay(paid.id)));
    expect([completed.status, completed.code]).toEqual([400, 'already_completed']);
  });

  test('double submission on the hosted page: a second confirm does not charge again', async () => {
    const client = haloubi(h);
    const { data: intent } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    const body = { client_secret: intent.client_secret!, card: card(CARDS.visa) };
    const { data: first } = await client.post('/api/public/payment-intents/{id}/confirm', { ...pay(intent.id), body });
    const second = await rejection(
      client.post('/api/public/payment-intents/{id}/confirm', { ...pay(intent.id), body }),
    );
    expect([second.status, second.code]).toEqual([400, 'already_completed']);
    const { data: captured } = await client.get('/api/v1/transactions', { params: { query: { status: 'captured' } } });
    expect(captured.transactions.filter((t) => t.payment_id === first.payment_id)).toHaveLength(1);
  });

  test('transactions: one per operation, filtered by status, newest first; get by id', async () => {
    const client = haloubi(h);
    const { data: auth } = await client.post('/api/v1/payments/authorize', { body: paymentRequest(CARDS.visa, 10000) });
    await client.post('/api/v1/payments/{id}/capture', { ...pay(auth.id), body: { amount: 10000 } });
    await client.post('/api/v1/payments/{id}/refund', { ...pay(auth.id), body: { amount: 2500 } });
    await client.post('/api/v1/payments/{id}/refund', { ...pay(auth.id), body: { amount: 2500 } });
    const { data: all } = await client.get('/api/v1/transactions', { params: { query: { limit: 100 } } });
    const mine = all.transactions.filter((t) => t.payment_id === auth.id);
    expect(mine.map((t) => [t.type, t.status, t.amount])).toEqual([
      ['refund', 'refunded', 2500],
      ['refund', 'refunded', 2500],
      ['capture', 'captured', 10000],
      ['authorization', 'authorized', 10000],
    ]);
    const { data: refunds } = await client.get('/api/v1/transactions', {
      params: { query: { status: 'refunded', limit: 100 } },
    });
    expect(refunds.transactions.every((t) => t.status === 'refunded')).toBe(true);
    expect(refunds.transactions.filter((t) => t.payment_id === auth.id)).toHaveLength(2);
    const { data: one } = await client.get('/api/v1/transactions/{id}', pay(mine[0]!.id));
    expect(one).toEqual(mine[0]);
    const unknown = await rejection(client.get('/api/v1/transactions/{id}', pay('txn_does_not_exist')));
    expect([unknown.status, unknown.code]).toEqual([404, 'not_found']);
  });

  test('transactions paginate with limit/offset (default 10, max 100), and the client walks every page', async (ctx) => {
    needsControl(ctx, h); // counts on a fresh sandbox
    const client = haloubi(h);
    const ids = [];
    for (let i = 0; i < 12; i++)
      ids.push((await client.post('/api/v1/payments/sale', { body: paymentRequest(CARDS.visa, 100 + i) })).data.id);
    const { data: first } = await client.get('/api/v1/transactions');
    expect(first).toMatchObject({ total: 12, limit: 10, offset: 0 });
    expect(first.transactions).toHaveLength(10);
    const { data: tail } = await client.get('/api/v1/transactions', { params: { query: { limit: 5, offset: 10 } } });
    expect(tail.transactions.map((t) => t.payment_id)).toEqual([ids[1], ids[0]]);
    const walked = [];
    for await (const t of client.paginate('/api/v1/transactions', {
      params: { query: { status: 'captured', limit: 5 } },
    }))
      walked.push(t.payment_id);
    expect(walked).toEqual([...ids].reverse());
    const tooMany = await rejection(
      haloubi(h, { validate: 'responses' }).get('/api/v1/transactions', { params: { query: { limit: 101 } } }),
    );
    expect([tooMany.status, tooMany.code]).toEqual([400, 'invalid_request']);
  });

  test('idempotency: the same key and body return the original response without a second payment', async () => {
    const client = haloubi(h);
    const key = `order-${Date.now()}-1`;
    const { data: first } = await client.post('/api/v1/payments/sale', { body: paymentRequest(), idempotencyKey: key });
    const { data: retry } = await client.post('/api/v1/payments/sale', { body: paymentRequest(), idempotencyKey: key });
    expect(retry).toEqual(first);
    const { data: list } = await client.get('/api/v1/transactions', { params: { query: { limit: 100 } } });
    expect(list.transactions.filter((t) => t.payment_id === first.id)).toHaveLength(1);
  });

  test('idempotency: the same key with a different body → 409 idempotency_key_mismatch', async () => {
    const client = haloubi(h);
    const key = `order-${Date.now()}-2`;
    await client.post('/api/v1/payments/authorize', { body: paymentRequest(CARDS.visa, 1000), idempotencyKey: key });
    const error = await rejection(
      client.post('/api/v1/payments/authorize', { body: paymentRequest(CARDS.visa, 2000), idempotencyKey: key }),
    );
    expect([error.status, error.code, haloubiError(error).type]).toEqual([
      409,
      'idempotency_key_mismatch',
      'conflict_error',
    ]);
  });

  test('idempotency: a retried capture replays its result instead of failing as already captured', async () => {
    const client = haloubi(h);
    const { data: auth } = await client.post('/api/v1/payments/authorize', { body: paymentRequest() });
    const capture = () =>
      client.post('/api/v1/payments/{id}/capture', {
        ...pay(auth.id),
        body: { amount: 9999 },
        idempotencyKey: `capture-${auth.id}`,
      });
    const { data: first } = await capture();
    await expect(capture()).resolves.toMatchObject({ data: first });
  });

  test('idempotency: keys expire after 24 hours, then the same key creates a new payment', async (ctx) => {
    needsControl(ctx, h);
    const client = haloubi(h);
    const send = () =>
      client.post('/api/v1/payments/authorize', { body: paymentRequest(), idempotencyKey: 'order-12345-1' });
    const { data: first } = await send();
    await h.control.advanceClock(DAY - 1);
    expect((await send()).data.id).toBe(first.id);
    await h.control.advanceClock(1);
    expect((await send()).data.id).not.toBe(first.id);
  });

  test('idempotency: 100 concurrent requests with one key create exactly one payment', async (ctx) => {
    needsControl(ctx, h); // 100 requests at once exceed the live rate limit of 20/s
    const client = haloubi(h);
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        client.post('/api/v1/payments/sale', { body: paymentRequest(), idempotencyKey: 'double-click' }),
      ),
    );
    expect(new Set(results.map((r) => r.data.id)).size).toBe(1);
    const { data } = await client.get('/api/v1/transactions', { params: { query: { limit: 100 } } });
    expect(data.total).toBe(1);
  });

  test.each([
    ['a zero amount', { ...paymentRequest(), amount: 0 }, 'invalid_amount'],
    ['a negative amount', { ...paymentRequest(), amount: -100 }, 'invalid_amount'],
    ['a fractional amount', { ...paymentRequest(), amount: 99.5 }, 'invalid_amount'],
    ['an incorrect currency', { ...paymentRequest(), currency: 'GBP' }, 'unsupported_currency'],
    ['no card', { amount: 9999, currency: 'USD' }, 'missing_required_field'],
    ['a card number that is not a test card', paymentRequest('4111111111111112'), 'invalid_card'],
    [
      'a card expiry in the past',
      { ...paymentRequest(), card: { ...card(CARDS.visa), exp_year: 2020 } },
      'invalid_card',
    ],
  ])('%s is rejected with 400 %s', async (_name, body, code) => {
    const error = await rejection(
      haloubi(h, { validate: 'responses' }).post('/api/v1/payments/authorize', {
        body: body as ReturnType<typeof paymentRequest>,
      }),
    );
    expect([error.status, error.code, haloubiError(error).type]).toEqual([400, code, 'invalid_request_error']);
  });

  test('wrong credentials: a wrong API key is refused with 401 in Haloubi format', async () => {
    const error = await rejection(
      haloubi(h, { credentials: { apiKey: 'sk_wrong' } }).post('/api/v1/payments/authorize', {
        body: paymentRequest(),
      }),
    );
    expect([error.status, error.code, haloubiError(error).type]).toEqual([
      401,
      'invalid_api_key',
      'authentication_error',
    ]);
  });

  test('no API key at all → 401 missing_api_key (a wrong one is invalid_api_key)', async (ctx) => {
    if (h.target !== 'sandbox')
      ctx.skip('the live target goes through prism proxy, which answers a request with no credential itself');
    const response = await fetch(`${h.baseUrl}/api/v1/payments/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(paymentRequest()),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({
      type: 'authentication_error',
      code: 'missing_api_key',
    });
  });

  test('an unknown field is named in a 400 invalid_request, never reported as a bad amount, currency or card', async () => {
    const response = await fetch(`${h.baseUrl}/api/v1/payments/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': String(h.credentials.apiKey) },
      body: JSON.stringify({ ...paymentRequest(), coupon: 'SPRING' }),
    });
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect([response.status, error.type, error.code, error.param]).toEqual([
      400,
      'invalid_request_error',
      'invalid_request',
      'coupon',
    ]);
  });

  test('an unknown payment is 404 not_found on read, capture, void and refund', async () => {
    const client = haloubi(h);
    const id = 'pay_does_not_exist';
    for (const call of [
      () => client.get('/api/v1/payments/{id}', pay(id)),
      () => client.post('/api/v1/payments/{id}/capture', { ...pay(id), body: { amount: 1 } }),
      () => client.post('/api/v1/payments/{id}/void', pay(id)),
      () => client.post('/api/v1/payments/{id}/refund', { ...pay(id), body: { amount: 1 } }),
    ]) {
      const error = await rejection(call());
      expect([error.status, error.code]).toEqual([404, 'not_found']);
    }
  });

  test('all eight events are delivered, each signed with HMAC-SHA256 of the raw body and valid for its schema', async (ctx) => {
    needsControl(ctx, h);
    const client = haloubi(h);
    await rejection(client.post('/api/v1/payments/authorize', { body: paymentRequest(CARDS.highFraudRisk) }));
    const { data: auth } = await client.post('/api/v1/payments/authorize', { body: paymentRequest() });
    await client.post('/api/v1/payments/{id}/capture', { ...pay(auth.id), body: { amount: 9999 } });
    await client.post('/api/v1/payments/{id}/refund', { ...pay(auth.id), body: { amount: 9999 } });
    const { data: toVoid } = await client.post('/api/v1/payments/authorize', { body: paymentRequest() });
    await client.post('/api/v1/payments/{id}/void', pay(toVoid.id));
    const { data: paid } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    await client.post('/api/public/payment-intents/{id}/confirm', {
      ...pay(paid.id),
      body: { client_secret: paid.client_secret!, card: card(CARDS.visa) },
    });
    const { data: dropped } = await client.post('/api/v1/payment-intents', { body: intentRequest() });
    await client.post('/api/v1/payment-intents/{id}/cancel', pay(dropped.id));

    const events = await receivedEvents(h);
    expect(new Set(events.map((e) => e.event))).toEqual(
      new Set([
        'payment.authorized',
        'payment.captured',
        'payment.voided',
        'payment.refunded',
        'payment.failed',
        'payment_intent.created',
        'payment_intent.succeeded',
        'payment_intent.canceled',
      ]),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const succeeded = events.find((e) => e.event === 'payment_intent.succeeded')!;
    expect(succeeded.payload.data.object).toMatchObject({ id: paid.id, status: 'succeeded' });
    expect(succeeded.payload.data.object).not.toHaveProperty('client_secret');

    // A merchant who checks the signature rejects a tampered body.
    const [delivery] = h.receiver.received;
    expect(() => verifyHaloubiWebhook(delivery!.body.replace('9999', '1'), delivery!.headers, h.webhookSecret)).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifyHaloubiWebhook(delivery!.body, delivery!.headers, 'whsec_someone_else')).toThrow(
      WebhookVerificationError,
    );
  });

  test('missing webhook: a failing endpoint is retried after 5 min, 15 min, 1 h and 6 h, then marked failed after 5 attempts', async (ctx) => {
    needsControl(ctx, h);
    h.receiver.failNext(5);
    await haloubi(h).post('/api/v1/payments/authorize', { body: paymentRequest() });
    const delivery = async () => (await h.control.webhooks('payment.authorized'))[0]!;
    expect((await delivery()).attempts).toHaveLength(1);
    const schedule = [300, 900, 3600, 21600];
    for (const [i, seconds] of schedule.entries()) {
      await h.control.advanceClock(seconds - 1);
      expect((await delivery()).attempts, `retry ${i + 1} came early`).toHaveLength(i + 1);
      await h.control.advanceClock(1);
      expect((await delivery()).attempts, `retry ${i + 1} did not come after ${seconds} s`).toHaveLength(i + 2);
    }
    const final = await delivery();
    expect(final.state).toBe('failed');
    expect(final.attempts.map((a) => a.status)).toEqual([500, 500, 500, 500, 500]);
    const gaps = final.attempts
      .slice(1)
      .map((a, i) => Math.round((Date.parse(a.at) - Date.parse(final.attempts[i]!.at)) / 1000));
    for (const [i, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual(schedule[i]!);
    await h.control.advanceClock(DAY);
    expect((await delivery()).attempts).toHaveLength(5);
    // Every attempt carried the same signed body.
    expect(new Set(h.receiver.received.map((r) => r.body)).size).toBe(1);
    await receivedEvents(h);
  });

  test('a 204 from the webhook endpoint is not a delivery ("non-200 response"): retried after 5 min, 15 min, 1 h, 6 h', async (ctx) => {
    needsControl(ctx, h);
    h.receiver.failNext(5, 204);
    await haloubi(h).post('/api/v1/payments/sale', { body: paymentRequest() });
    const delivery = async () => (await h.control.webhooks('payment.captured'))[0]!;
    expect((await delivery()).attempts.map((a) => a.status)).toEqual([204]);
    expect((await delivery()).state).not.toBe('delivered');
    for (const [i, seconds] of [300, 900, 3600, 21600].entries()) {
      await h.control.advanceClock(seconds - 1);
      expect((await delivery()).attempts, `retry ${i + 1} came early`).toHaveLength(i + 1);
      await h.control.advanceClock(1);
      expect((await delivery()).attempts, `retry ${i + 1} did not come after ${seconds} s`).toHaveLength(i + 2);
    }
    const final = await delivery();
    expect([final.state, final.attempts.map((a) => a.status)]).toEqual(['failed', [204, 204, 204, 204, 204]]);
  });

  test('a webhook retried after a failure is delivered on the next attempt', async (ctx) => {
    needsControl(ctx, h);
    h.receiver.failNext(1, 503);
    await haloubi(h).post('/api/v1/payments/sale', { body: paymentRequest() });
    await h.control.advanceClock(300);
    const [delivery] = await h.control.webhooks('payment.captured');
    expect(delivery).toMatchObject({ state: 'delivered', lastStatus: 200 });
    expect(delivery!.attempts.map((a) => a.status)).toEqual([503, 200]);
  });
});
