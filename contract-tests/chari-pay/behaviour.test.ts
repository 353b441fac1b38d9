import { expect, test } from 'vitest';
import {
  type ChariPayWebhookEvent,
  verifyChariPayWebhook,
  WebhookVerificationError,
} from '../../src/providers/chari-pay/index.js';
import { behaviourSuite, needsControl } from '../support/behaviour-target.js';
import {
  type ChariPayHarness,
  cardsWith,
  createPayment,
  getPayment,
  type Payment,
  paymentRequest,
  rejection,
  THREE_D_SECURE_EXPIRY,
  tokenFor,
  WEBHOOK_RETRY,
} from './scenario-helpers.js';

/** Every delivery the merchant's endpoint received, verified as a Chari Pay integration must verify it. */
async function receivedEvents(h: ChariPayHarness): Promise<ChariPayWebhookEvent[]> {
  await h.control.webhooks(); // waits for the deliveries under way
  return h.receiver.received.map((r) => verifyChariPayWebhook(r.body, r.headers, h.webhookSecret));
}

async function eventsFor(h: ChariPayHarness, paymentId: string): Promise<ChariPayWebhookEvent[]> {
  return (await receivedEvents(h)).filter((e) => e.payload.data.id === paymentId);
}

behaviourSuite('chari-pay', (h) => {
  const success = tokenFor('captured');

  test.each(cardsWith('captured').map((c) => [c.token, c] as const))(
    'successful payment with %s: captured at once, no 3DS step',
    async (_token, card) => {
      const payment = await createPayment(h, card.token);
      expect(payment).toMatchObject({
        status: 'captured',
        amount: 15000,
        amount_captured: 15000,
        amount_refunded: 0,
        currency: 'MAD',
        capture_method: 'automatic',
        payment_method: { id: null, last4: card.number.slice(-4), network: card.brand },
        next_action: null,
        failure_code: null,
      });
      expect(await getPayment(h, payment.id)).toEqual(payment);
    },
  );

  test('webhook received: payment.completed, signed with HMAC-SHA256 of the raw body', async (ctx) => {
    needsControl(ctx, h);
    const payment = await createPayment(h, success);
    const [event, ...others] = await eventsFor(h, payment.id);
    expect(others).toEqual([]);
    expect(event?.event).toBe('payment.completed');
    expect(event?.payload).toMatchObject({
      type: 'payment.completed',
      data: { id: payment.id, status: 'captured', reference: payment.reference },
    });
    const delivery = h.receiver.received[0]!;
    expect(delivery.headers['x-webhook-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(() => verifyChariPayWebhook(delivery.body, delivery.headers, 'whsec_someone_else')).toThrow(
      WebhookVerificationError,
    );
  });

  test.for(cardsWith('failed').map((c) => [c.token, c] as const))(
    'declined payment with %s: failed with its decline code and payment.failed',
    async ([, card], ctx) => {
      const payment = await createPayment(h, card.token);
      expect(payment).toMatchObject({
        status: 'failed',
        failure_code: card.declineCode,
        amount_captured: 0,
        next_action: null,
      });
      needsControl(ctx, h);
      const events = await eventsFor(h, payment.id);
      expect(events.map((e) => [e.event, e.payload.data.failure_code])).toEqual([['payment.failed', card.declineCode]]);
    },
  );

  test('3D Secure challenge: requires_action with a redirect, then captured once the customer passes', async (ctx) => {
    const payment = await createPayment(h, tokenFor('requires_action'));
    expect(payment.status).toBe('requires_action');
    expect(payment.next_action).toMatchObject({ type: 'redirect_to_3ds' });
    expect(() => new URL(payment.next_action!.redirect_url)).not.toThrow();
    needsControl(ctx, h);
    expect(await eventsFor(h, payment.id), 'nothing is final before authentication').toEqual([]);

    await h.control.completeChariPayThreeDSecure(payment.id, 'success');
    const after = await getPayment(h, payment.id);
    expect(after).toMatchObject({ status: 'captured', amount_captured: 15000, next_action: null });
    expect(after.events.map((e) => e.type)).toEqual(['payment.created', 'payment.requires_action', 'payment.captured']);
    expect((await eventsFor(h, payment.id)).map((e) => e.event)).toEqual(['payment.completed']);
    await expect(h.control.completeChariPayThreeDSecure(payment.id, 'success')).rejects.toMatchObject({
      status: 409,
      code: 'invalid_state',
    });
  });

  test("3D Secure failed: the payment fails with the card's decline code and payment.failed", async (ctx) => {
    needsControl(ctx, h);
    const [card] = cardsWith('requires_action');
    const payment = await createPayment(h, card!.token);
    await h.control.completeChariPayThreeDSecure(payment.id, 'failure');
    expect(await getPayment(h, payment.id)).toMatchObject({
      status: 'failed',
      failure_code: card!.declineCode,
      amount_captured: 0,
      next_action: null,
    });
    expect((await eventsFor(h, payment.id)).map((e) => e.event)).toEqual(['payment.failed']);
  });

  test('3D Secure on deferred capture: authorized after the challenge, nothing charged yet', async (ctx) => {
    needsControl(ctx, h);
    const payment = await createPayment(h, tokenFor('requires_action'), { capture_method: 'manual' });
    await h.control.completeChariPayThreeDSecure(payment.id, 'success');
    expect(await getPayment(h, payment.id)).toMatchObject({ status: 'authorized', amount_captured: 0 });
    expect(await eventsFor(h, payment.id)).toEqual([]);
  });

  test('3D Secure of an unknown payment is 404 on the control API', async (ctx) => {
    needsControl(ctx, h);
    await expect(h.control.completeChariPayThreeDSecure('pay_unknown', 'success')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  test('session expiration: a 3D Secure challenge left unanswered fails when its window ends', async (ctx) => {
    needsControl(ctx, h);
    const payment = await createPayment(h, tokenFor('requires_action'));
    await h.control.advanceClock(THREE_D_SECURE_EXPIRY.afterSeconds - 1);
    expect((await getPayment(h, payment.id)).status).toBe('requires_action');
    await h.control.advanceClock(1);
    const [event] = await eventsFor(h, payment.id);
    expect(event?.event, 'the webhook is sent when the window ends, without a request').toBe('payment.failed');
    expect(await getPayment(h, payment.id)).toMatchObject({
      status: 'failed',
      failure_code: THREE_D_SECURE_EXPIRY.failureCode,
      next_action: null,
    });
    await expect(h.control.completeChariPayThreeDSecure(payment.id, 'success')).rejects.toMatchObject({
      status: 409,
      code: 'invalid_state',
    });
  });

  test("network timeout: the payment stays pending, then fails with the card's code after its delay", async (ctx) => {
    const [card] = cardsWith('timeout');
    const payment = await createPayment(h, card!.token);
    expect(payment).toMatchObject({ status: 'pending', failure_code: null });
    needsControl(ctx, h);
    await h.control.advanceClock(card!.failsAfterSeconds! - 1);
    expect((await getPayment(h, payment.id)).status).toBe('pending');
    await h.control.advanceClock(1);
    expect(await getPayment(h, payment.id)).toMatchObject({ status: 'failed', failure_code: card!.declineCode });
    expect((await eventsFor(h, payment.id)).map((e) => e.event)).toEqual(['payment.failed']);
  });

  test('deferred capture: authorized, then captured in full with payment.completed', async (ctx) => {
    const payment = await createPayment(h, success, { capture_method: 'manual' });
    expect(payment).toMatchObject({ status: 'authorized', capture_method: 'manual', amount_captured: 0 });
    const { data: captured } = await h
      .client()
      .post('/v1/payments/{id}/capture', { params: { path: { id: payment.id } }, body: {} });
    expect(captured).toMatchObject({ status: 'captured', amount_captured: 15000 });
    expect(captured.events.map((e) => e.type)).toEqual(['payment.created', 'payment.authorized', 'payment.captured']);
    const again = await rejection(
      h.client().post('/v1/payments/{id}/capture', { params: { path: { id: payment.id } }, body: {} }),
    );
    expect([again.status, again.code]).toEqual([409, 'payment_not_capturable']);
    needsControl(ctx, h);
    expect((await eventsFor(h, payment.id)).map((e) => [e.event, e.payload.data.status])).toEqual([
      ['payment.completed', 'captured'],
    ]);
  });

  test('partial capture: less than authorized is charged; more than authorized is refused', async () => {
    const payment = await createPayment(h, success, { capture_method: 'manual' });
    const capture = (amount: number) =>
      h.client().post('/v1/payments/{id}/capture', { params: { path: { id: payment.id } }, body: { amount } });
    const tooMuch = await rejection(capture(15001));
    expect([tooMuch.status, tooMuch.code, tooMuch.body.error.param]).toEqual([400, 'invalid_amount', 'amount']);
    expect((await getPayment(h, payment.id)).status).toBe('authorized');
    const { data } = await capture(12000);
    expect(data).toMatchObject({ status: 'captured', amount: 15000, amount_captured: 12000 });
    // Only what was charged can be refunded.
    const { data: refund } = await h
      .client()
      .post('/v1/payments/{id}/refunds', { params: { path: { id: payment.id } }, body: {} });
    expect(refund.amount).toBe(12000);
    expect(await getPayment(h, payment.id)).toMatchObject({ status: 'refunded', amount_refunded: 12000 });
  });

  test('an automatic-capture payment cannot be captured again (409 payment_not_capturable)', async () => {
    const payment = await createPayment(h, success);
    const error = await rejection(
      h.client().post('/v1/payments/{id}/capture', { params: { path: { id: payment.id } } }),
    );
    expect([error.status, error.code, error.body.error.type]).toEqual([
      409,
      'payment_not_capturable',
      'conflict_error',
    ]);
  });

  test('full refund: amount omitted refunds everything, with payment.refunded; nothing more can be refunded', async (ctx) => {
    const payment = await createPayment(h, success);
    const refunds = h.client();
    const { data: refund } = await refunds.post('/v1/payments/{id}/refunds', {
      params: { path: { id: payment.id } },
      body: {},
    });
    expect(refund).toMatchObject({ payment_id: payment.id, amount: 15000, currency: 'MAD' });
    expect(await getPayment(h, payment.id)).toMatchObject({
      status: 'refunded',
      amount_captured: 15000,
      amount_refunded: 15000,
    });
    const more = await rejection(
      refunds.post('/v1/payments/{id}/refunds', { params: { path: { id: payment.id } }, body: { amount: 1 } }),
    );
    expect([more.status, more.code]).toEqual([409, 'refund_exceeds_amount']);
    needsControl(ctx, h);
    expect(
      (await eventsFor(h, payment.id)).map((e) => [e.event, e.payload.data.status, e.payload.data.amount_refunded]),
    ).toEqual([
      ['payment.completed', 'captured', 0],
      ['payment.refunded', 'refunded', 15000],
    ]);
  });

  test('partial refunds are cumulative and never exceed the amount', async (ctx) => {
    const payment = await createPayment(h, success);
    const refund = (amount: number) =>
      h.client().post('/v1/payments/{id}/refunds', { params: { path: { id: payment.id } }, body: { amount } });
    await refund(5000);
    expect(await getPayment(h, payment.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 5000 });
    await refund(6000);
    const over = await rejection(refund(4001));
    expect([over.status, over.code]).toEqual([409, 'refund_exceeds_amount']);
    expect(await getPayment(h, payment.id), 'a refused refund changes nothing').toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 11000,
    });
    await refund(4000);
    expect(await getPayment(h, payment.id)).toMatchObject({ status: 'refunded', amount_refunded: 15000 });
    needsControl(ctx, h);
    const refunded = (await eventsFor(h, payment.id)).filter((e) => e.event === 'payment.refunded');
    expect(refunded.map((e) => [e.payload.data.status, e.payload.data.amount_refunded])).toEqual([
      ['partially_refunded', 5000],
      ['partially_refunded', 11000],
      ['refunded', 15000],
    ]);
    expect(new Set(refunded.map((e) => e.id)).size, 'each event has its own id').toBe(3);
  });

  test.each([
    ['a declined payment', () => tokenFor('failed'), {}],
    ['an authorized, uncaptured payment', () => success, { capture_method: 'manual' as const }],
  ])('refunding %s is 409 payment_not_refundable', async (_name, token, overrides) => {
    const payment = await createPayment(h, token(), overrides);
    const error = await rejection(
      h.client().post('/v1/payments/{id}/refunds', { params: { path: { id: payment.id } }, body: {} }),
    );
    expect([error.status, error.code]).toEqual([409, 'payment_not_refundable']);
  });

  test('an unknown payment is 404 resource_missing for get, capture and refund', async () => {
    const client = h.client();
    const params = { path: { id: 'pay_unknown' } };
    const calls = [
      () => client.get('/v1/payments/{id}', { params }),
      () => client.post('/v1/payments/{id}/capture', { params }),
      () => client.post('/v1/payments/{id}/refunds', { params }),
    ];
    for (const call of calls) {
      const error = await rejection(call());
      expect([error.status, error.code, error.body.error.type]).toEqual([404, 'resource_missing', 'not_found_error']);
    }
  });

  test('list: newest first, by cursor; paginate walks every page', async () => {
    // A unique amount isolates this run's payments, so the scenario also holds on a shared live sandbox.
    const amount = 10_000 + Math.floor(Math.random() * 80_000);
    const created: Payment[] = [];
    for (let i = 0; i < 5; i++) created.push(await createPayment(h, success, { amount }));
    const newestFirst = created.map((p) => p.id).reverse();
    const client = h.client();

    const first = (await client.get('/v1/payments', { params: { query: { amount, limit: 2 } } })).data;
    expect(first.data.map((p) => p.id)).toEqual(newestFirst.slice(0, 2));
    expect([first.has_more, first.next_cursor]).toEqual([true, newestFirst[1]]);
    const second = (
      await client.get('/v1/payments', { params: { query: { amount, limit: 2, starting_after: first.next_cursor! } } })
    ).data;
    expect(second.data.map((p) => p.id)).toEqual(newestFirst.slice(2, 4));
    const last = (
      await client.get('/v1/payments', { params: { query: { amount, limit: 2, starting_after: second.next_cursor! } } })
    ).data;
    expect([last.data.map((p) => p.id), last.has_more, last.next_cursor]).toEqual([newestFirst.slice(4), false, null]);

    const whole = (await client.get('/v1/payments', { params: { query: { amount, limit: 5 } } })).data;
    expect([whole.data.length, whole.has_more, whole.next_cursor], 'a page that holds the rest is the last').toEqual([
      5,
      false,
      null,
    ]);

    const walked: string[] = [];
    for await (const payment of client.paginate('/v1/payments', { params: { query: { amount, limit: 2 } } }))
      walked.push(payment.id);
    expect(walked).toEqual(newestFirst);
  });

  test('list filters: status, reference and amount', async () => {
    const amount = 10_000 + Math.floor(Math.random() * 80_000);
    const captured = await createPayment(h, success, { amount });
    const failed = await createPayment(h, tokenFor('failed'), { amount });
    const other = await createPayment(h, success, { amount: amount + 1 });
    const list = async (query: Record<string, unknown>) =>
      (await h.client().get('/v1/payments', { params: { query } })).data.data.map((p) => p.id);
    expect(await list({ amount })).toEqual([failed.id, captured.id]);
    expect(await list({ amount, status: 'failed' })).toEqual([failed.id]);
    expect(await list({ amount, status: 'captured' })).toEqual([captured.id]);
    expect(await list({ reference: other.reference })).toEqual([other.id]);
  });

  test('list filter: an inclusive date range on the creation day', async (ctx) => {
    needsControl(ctx, h);
    const early = await createPayment(h, success);
    await h.control.advanceClock(2 * 86_400);
    const late = await createPayment(h, success);
    const [day1, day3] = [early.created.slice(0, 10), late.created.slice(0, 10)];
    const list = async (query: Record<string, unknown>) =>
      (await h.client().get('/v1/payments', { params: { query } })).data.data.map((p) => p.id);
    expect(await list({ date_to: day1 })).toEqual([early.id]);
    expect(await list({ date_from: day3 })).toEqual([late.id]);
    expect(await list({ date_from: day1, date_to: day3 })).toEqual([late.id, early.id]);
  });

  test('list: an unknown cursor is 400 resource_missing on starting_after', async () => {
    const error = await rejection(
      h.client().get('/v1/payments', { params: { query: { starting_after: 'pay_unknown' } } }),
    );
    expect([error.status, error.code, error.body.error.param]).toEqual([400, 'resource_missing', 'starting_after']);
  });

  test.for(cardsWith('captured').map((c) => [c.token, c] as const))(
    'saved card %s: only the last four digits and network are shown; paying with payment_method_id uses it',
    async ([, card]) => {
      const customerId = `cus_${Date.now()}`;
      const { data: saved } = await h.client().post('/v1/customers/{id}/payment-methods', {
        params: { path: { id: customerId } },
        body: { payment_method: card.token },
      });
      expect(saved).toMatchObject({ customer_id: customerId, last4: card.number.slice(-4), network: card.brand });
      expect(JSON.stringify(saved)).not.toContain(card.number);
      const { payment_method: _token, ...request } = paymentRequest(card.token);
      const { data: payment } = await h
        .client()
        .post('/v1/payments', { body: { ...request, payment_method_id: saved.id } });
      expect(payment).toMatchObject({
        status: 'captured',
        payment_method: { id: saved.id, last4: saved.last4, network: saved.network },
      });
    },
  );

  test("a saved card keeps its card's outcome: a declining card declines", async () => {
    const [card] = cardsWith('failed');
    const { data: saved } = await h.client().post('/v1/customers/{id}/payment-methods', {
      params: { path: { id: 'cus_decline' } },
      body: { payment_method: card!.token },
    });
    const { payment_method: _token, ...request } = paymentRequest(card!.token);
    const { data: payment } = await h
      .client()
      .post('/v1/payments', { body: { ...request, payment_method_id: saved.id } });
    expect(payment).toMatchObject({ status: 'failed', failure_code: card!.declineCode });
  });

  test('an unknown payment_method_id or token is 400 resource_missing naming the field', async () => {
    const { payment_method: _token, ...request } = paymentRequest(success);
    const unknownSaved = await rejection(
      h.client().post('/v1/payments', { body: { ...request, payment_method_id: 'pm_unknown' } }),
    );
    expect([unknownSaved.status, unknownSaved.code, unknownSaved.body.error.param]).toEqual([
      400,
      'resource_missing',
      'payment_method_id',
    ]);
    const unknownToken = await rejection(h.client().post('/v1/payments', { body: paymentRequest('tok_unknown') }));
    expect([unknownToken.status, unknownToken.code, unknownToken.body.error.param]).toEqual([
      400,
      'resource_missing',
      'payment_method',
    ]);
    const attach = await rejection(
      h.client().post('/v1/customers/{id}/payment-methods', {
        params: { path: { id: 'cus_1' } },
        body: { payment_method: 'tok_unknown' },
      }),
    );
    expect([attach.status, attach.code]).toEqual([400, 'resource_missing']);
  });

  test('double submission: a second payment with the same reference is 409 duplicate_reference', async () => {
    const body = paymentRequest(success);
    await h.client().post('/v1/payments', { body });
    const error = await rejection(h.client().post('/v1/payments', { body }));
    expect([error.status, error.code, error.body.error.param]).toEqual([409, 'duplicate_reference', 'reference']);
    const { data } = await h.client().get('/v1/payments', { params: { query: { reference: body.reference } } });
    expect(data.data).toHaveLength(1);
  });

  test('double submission sent concurrently: exactly one payment is created', async (ctx) => {
    needsControl(ctx, h);
    const body = paymentRequest(success);
    const results = await Promise.allSettled([1, 2, 3].map(() => h.client().post('/v1/payments', { body })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      ['duplicate_reference', 'duplicate_reference'],
    );
    expect((await receivedEvents(h)).filter((e) => e.payload.data.reference === body.reference)).toHaveLength(1);
  });

  test.each([
    ['zero', 0],
    ['negative', -100],
    ['fractional centimes', 150.5],
    ['a decimal string', '150.00'],
  ])('invalid amount (%s) is 400 invalid_amount', async (_name, amount) => {
    const error = await rejection(
      h
        .client({ validate: 'responses' })
        .post('/v1/payments', { body: paymentRequest(success, { amount: amount as number }) }),
    );
    expect([error.status, error.code, error.body.error.type, error.body.error.param]).toEqual([
      400,
      'invalid_amount',
      'invalid_request_error',
      'amount',
    ]);
  });

  test.each([['EUR'], ['mad'], ['']])('incorrect currency %j is 400 invalid_currency', async (currency) => {
    const error = await rejection(
      h
        .client({ validate: 'responses' })
        .post('/v1/payments', { body: paymentRequest(success, { currency: currency as 'MAD' }) }),
    );
    expect([error.status, error.code, error.body.error.param]).toEqual([400, 'invalid_currency', 'currency']);
  });

  test('a missing required field is 400 parameter_missing naming it', async () => {
    const { reference: _reference, ...body } = paymentRequest(success);
    const error = await rejection(h.client({ validate: 'responses' }).post('/v1/payments', { body: body as never }));
    expect([error.status, error.code, error.body.error.param]).toEqual([400, 'parameter_missing', 'reference']);
  });

  test("wrong secret key: 401 invalid_api_key in Chari Pay's error format", async () => {
    const client = h.client({ credentials: { secretKey: 'sk_test_wrong' } });
    for (const call of [
      () => client.post('/v1/payments', { body: paymentRequest(success) }),
      () => client.get('/v1/payments'),
    ]) {
      const error = await rejection(call());
      expect([error.status, error.code, error.body.error.type]).toEqual([
        401,
        'invalid_api_key',
        'authentication_error',
      ]);
    }
  });

  test('missing webhook: a failing endpoint is retried on the documented schedule until it answers 2xx', async (ctx) => {
    needsControl(ctx, h);
    h.receiver.failNext(2);
    const payment = await createPayment(h, success);
    const [first, second] = WEBHOOK_RETRY.scheduleSeconds;
    const attempts = async () => (await h.control.webhooks('payment.completed'))[0]!;
    expect((await attempts()).attempts.map((a) => a.status)).toEqual([500]);
    await h.control.advanceClock(first! - 1);
    expect((await attempts()).attempts, 'no retry before the documented delay').toHaveLength(1);
    await h.control.advanceClock(1);
    expect((await attempts()).attempts.map((a) => a.status)).toEqual([500, 500]);
    await h.control.advanceClock(second!);
    const delivery = await attempts();
    expect([delivery.state, delivery.attempts.map((a) => a.status)]).toEqual(['delivered', [500, 500, 200]]);
    // Every retry carries the same event, so the merchant's idempotent handler processes it once.
    const events = await eventsFor(h, payment.id);
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
  });

  test('missing webhook: after the documented attempts the delivery is marked failed, each attempt recorded', async (ctx) => {
    needsControl(ctx, h);
    h.receiver.failNext(WEBHOOK_RETRY.maxAttempts + 1, 503);
    await createPayment(h, success);
    for (const delay of WEBHOOK_RETRY.scheduleSeconds) await h.control.advanceClock(delay);
    const [delivery] = await h.control.webhooks('payment.completed');
    expect([delivery!.state, delivery!.attempts.map((a) => a.status)]).toEqual([
      'failed',
      Array(WEBHOOK_RETRY.maxAttempts).fill(503),
    ]);
    const gaps = delivery!.attempts
      .slice(1)
      .map((a, i) => (Date.parse(a.at) - Date.parse(delivery!.attempts[i]!.at)) / 1000);
    expect(gaps.map(Math.round)).toEqual(WEBHOOK_RETRY.scheduleSeconds.slice(0, WEBHOOK_RETRY.maxAttempts - 1));
    await h.control.advanceClock(86_400 * 7);
    expect((await h.control.webhooks('payment.completed'))[0]!.attempts, 'no attempt after the last one').toHaveLength(
      WEBHOOK_RETRY.maxAttempts,
    );
  });
});
