import { expect, test } from 'vitest';
import spec from '../../generated/novasend/spec.js';
import { validators } from '../../generated/novasend/validators.js';
import { PaymentApiError } from '../../src/core/errors.js';
import type { NovasendState } from '../../src/providers/novasend/sandbox/state.js';
import { verifyNovasendWebhook } from '../../src/providers/novasend/webhooks.js';
import { SandboxControlError } from '../../src/sandbox/control-client.js';
import { type BehaviourHarness, behaviourSuite, needsControl } from '../support/behaviour-target.js';
import { basicAuthorization, novasendClient, payinRequest, rawCreatePayin } from './payin-requests.js';

async function rejection(call: Promise<unknown>): Promise<PaymentApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentApiError);
  return error as PaymentApiError;
}

async function createPayin(h: BehaviourHarness, body = payinRequest(), idempotencyKey?: string) {
  return (await novasendClient(h).post('/v1/payin/sessions', { body, idempotencyKey })).data;
}

async function getPayin(h: BehaviourHarness, reference: string) {
  return (await novasendClient(h).get('/v1/payin/{reference}', { params: { path: { reference } } })).data;
}

/** How many payins the in-process sandbox holds (sandbox target only). */
function storedPayins(h: BehaviourHarness): number {
  return (h.sandbox.state() as NovasendState).payins.size;
}

behaviourSuite('novasend', (h) => {
  test('a payin session waits for the customer: processing, confirmation none, fee and paymentUrl', async () => {
    const request = payinRequest();
    const session = await createPayin(h, request);
    expect(session).toMatchObject({
      type: 'payin',
      amount: 300,
      fee: 6,
      chargedAmount: 306,
      currency: 'XOF',
      phoneNumber: request.msisdn,
      status: 'processing',
      confirmationRequired: true,
      confirmationStatus: 'none',
      customerReference: request.reference,
    });
    expect(session.reference).not.toBe(request.reference);
    // The document's link opens Novasend's confirmation page; the sandbox's opens its own phone simulator.
    if (h.target === 'sandbox')
      expect(session.paymentUrl).toBe(`${h.sandbox.url}/__sandbox/payins/${session.reference}/phone`);
    else expect(['https:', 'http:']).toContain(new URL(session.paymentUrl ?? '').protocol);

    const payin = await getPayin(h, session.reference);
    // Exemple de Lecture: transaction null or {} → the customer has not confirmed yet.
    expect(payin).toMatchObject({
      reference: session.reference,
      status: 'processing',
      confirmationStatus: 'none',
      customerName: request.customerName,
      failure: null,
    });
    expect([null, {}]).toContainEqual(payin.transaction);
  });

  test.each([
    { amount: 1000, fee: 20, chargedAmount: 1020 },
    { amount: 301, fee: 7, chargedAmount: 308 },
    { amount: 1, fee: 1, chargedAmount: 2 },
  ])(
    'the fee is 2 % of the amount, rounded up to a whole unit: $amount → fee $fee, charged $chargedAmount',
    async ({ amount, fee, chargedAmount }) => {
      expect(await createPayin(h, payinRequest({ amount }))).toMatchObject({ amount, fee, chargedAmount });
    },
  );

  test('successful payment: the customer accepts → processed, transaction completed, no failure', async (ctx) => {
    needsControl(ctx, h);
    const session = await createPayin(h);
    await h.control.confirmNovasendPayin(session.reference, 'accepted');
    const payin = await getPayin(h, session.reference);
    expect(payin).toMatchObject({ status: 'processed', confirmationStatus: 'accepted', failure: null });
    expect(payin.transaction).toMatchObject({
      status: 'completed',
      amount: '300.00',
      fees: '6.00',
      chargedAmount: '306.00',
      currency: 'XOF',
      phoneNumber: '+2250702968786',
    });
    // The Core System's transaction has its own reference.
    expect(payin.transaction).toMatchObject({ reference: expect.not.stringMatching(`^${session.reference}$`) });
  });

  test('declined: the customer refuses → processed but transaction failed, with a failure object', async (ctx) => {
    needsControl(ctx, h);
    const session = await createPayin(h);
    await h.control.confirmNovasendPayin(session.reference, 'declined');
    const payin = await getPayin(h, session.reference);
    expect(payin).toMatchObject({ status: 'processed', confirmationStatus: 'declined' });
    expect(payin.transaction).toMatchObject({ status: 'failed', chargedAmount: '0.00' });
    expect(payin.failure).toEqual({ code: expect.any(String), message: expect.any(String) });
  });

  test('session expiration: the confirmation times out → status and confirmationStatus expired, no transaction, no webhook', async (ctx) => {
    needsControl(ctx, h);
    const session = await createPayin(h);
    await h.control.confirmNovasendPayin(session.reference, 'expired');
    const payin = await getPayin(h, session.reference);
    expect(payin).toMatchObject({ status: 'expired', confirmationStatus: 'expired', transaction: null });
    expect(await h.control.webhooks()).toEqual([]);
  });

  test('the customer answers once: a second answer is refused with 409, an unknown payin with 404', async (ctx) => {
    needsControl(ctx, h);
    const session = await createPayin(h);
    await h.control.confirmNovasendPayin(session.reference, 'accepted');
    for (const decision of ['accepted', 'declined', 'expired'] as const) {
      await expect(h.control.confirmNovasendPayin(session.reference, decision)).rejects.toMatchObject({
        status: 409,
        code: 'invalid_state',
      });
    }
    expect((await getPayin(h, session.reference)).confirmationStatus).toBe('accepted');
    const unknown = await h.control.confirmNovasendPayin('tr_unknown', 'accepted').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(SandboxControlError);
    expect(unknown).toMatchObject({ status: 404, code: 'not_found' });
  });

  test('webhook received: payin.confirmed carries the payin as GET returns it, unsigned, and passes the verifier', async (ctx) => {
    needsControl(ctx, h);
    const session = await createPayin(h);
    await h.control.confirmNovasendPayin(session.reference, 'accepted');
    const [delivery] = await h.control.webhooks('payin.confirmed');
    expect(delivery).toMatchObject({ state: 'delivered', attempts: [{ status: 200 }] });
    expect(h.receiver.received).toHaveLength(1);
    const received = h.receiver.received[0]!;
    // Novasend documents no signature scheme, so the sandbox adds no signature header of its own invention.
    expect(Object.keys(delivery!.headers)).toEqual(['content-type']);
    const event = verifyNovasendWebhook(received.body);
    expect(event).toMatchObject({
      event: 'payin.confirmed',
      authenticated: false,
      id: `payin.confirmed:${session.reference}`,
    });
    expect(event.payload.data).toEqual(await getPayin(h, session.reference));
  });

  test('webhook received: payin.declined carries the failure and passes the verifier', async (ctx) => {
    needsControl(ctx, h);
    const session = await createPayin(h);
    await h.control.confirmNovasendPayin(session.reference, 'declined');
    expect(await h.control.webhooks('payin.confirmed')).toEqual([]);
    expect(await h.control.webhooks('payin.declined')).toHaveLength(1);
    const event = verifyNovasendWebhook(h.receiver.received[0]!.body);
    expect(event.event).toBe('payin.declined');
    expect(event.payload.data).toMatchObject({
      reference: session.reference,
      confirmationStatus: 'declined',
      transaction: { status: 'failed' },
    });
    expect(event.payload.data.failure).toEqual({ code: expect.any(String), message: expect.any(String) });
  });

  test('missing webhook: a failed delivery is attempted once, since Novasend documents no retry schedule', async (ctx) => {
    needsControl(ctx, h);
    expect(spec['x-webhook-retry'], 'a documented schedule would mean retries to assert here').toBeUndefined();
    h.receiver.failNext(1);
    const session = await createPayin(h);
    await h.control.confirmNovasendPayin(session.reference, 'accepted');
    await h.control.advanceClock(7 * 24 * 3600);
    const [delivery] = await h.control.webhooks('payin.confirmed');
    expect(delivery).toMatchObject({ state: 'failed', lastStatus: 500, attempts: [{ status: 500 }] });
    expect(delivery!.nextAttemptAt).toBeUndefined();
    expect(h.receiver.received.map((r) => r.status)).toEqual([500]);
  });

  test('double submission: the same X-Idempotency-Key and body give back the same payin', async () => {
    const body = payinRequest();
    const key = crypto.randomUUID();
    const first = await createPayin(h, body, key);
    const again = await createPayin(h, { ...body }, key);
    expect(again).toEqual(first);
    // A new key is a new payment, which needs its own merchant reference: "Identifiant unique" (409 inferred).
    const duplicate = await rejection(novasendClient(h).post('/v1/payin/sessions', { body }));
    expect([duplicate.status, duplicate.code]).toEqual([409, 'DUPLICATE_REFERENCE']);
    expect((await createPayin(h, { ...body, reference: crypto.randomUUID() })).reference).not.toBe(first.reference);
  });

  test('the same X-Idempotency-Key with a different body is refused with 409', async () => {
    const key = crypto.randomUUID();
    await createPayin(h, payinRequest(), key);
    const error = await rejection(
      novasendClient(h).post('/v1/payin/sessions', { body: payinRequest({ amount: 500 }), idempotencyKey: key }),
    );
    expect([error.status, error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  test('100 concurrent submissions with one X-Idempotency-Key create exactly one payin', async () => {
    const body = payinRequest();
    const key = crypto.randomUUID();
    const sessions = await Promise.all(Array.from({ length: 100 }, () => createPayin(h, body, key)));
    expect(new Set(sessions.map((s) => s.reference)).size).toBe(1);
    if (h.target === 'sandbox') expect(storedPayins(h)).toBe(1);
  });

  test('a request without X-Idempotency-Key is refused with 400 in the Novasend error format', async () => {
    const reply = await rawCreatePayin(h, { authorization: basicAuthorization(h) }, payinRequest());
    expect(reply.status).toBe(400);
    expect(validators.schemas.NovasendError?.(reply.body), JSON.stringify(reply.body)).toBe(true);
    expect(reply.body.code).toBe('MISSING_IDEMPOTENCY_KEY');
    const empty = await rawCreatePayin(
      h,
      { authorization: basicAuthorization(h), 'x-idempotency-key': '' },
      payinRequest(),
    );
    expect([empty.status, empty.body.code]).toEqual([400, 'MISSING_IDEMPOTENCY_KEY']);
  });

  test.each([
    ['a zero amount', { amount: 0 }],
    ['a negative amount', { amount: -300 }],
    ['a fractional amount', { amount: 300.5 }],
    ['an amount as a string', { amount: '300' }],
    ['a lower-case country', { country: 'ci' }],
    ['a three-letter country', { country: 'CIV' }],
    ['an msisdn without the + prefix', { msisdn: '2250702968786' }],
    ['a local msisdn', { msisdn: '0702968786' }],
    ['an msisdn with spaces', { msisdn: '+225 07 02 96 87 86' }],
    ['an empty customerName', { customerName: '' }],
  ])('%s is refused with 400 VALIDATION_ERROR', async (_name, overrides) => {
    const error = await rejection(
      novasendClient(h, { validate: 'responses' }).post('/v1/payin/sessions', { body: payinRequest(overrides) }),
    );
    expect([error.status, error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  test('a missing mandatory field is refused with 400 VALIDATION_ERROR', async () => {
    const { accountId: _omitted, ...body } = payinRequest();
    const error = await rejection(
      novasendClient(h, { validate: 'responses' }).post('/v1/payin/sessions', {
        body: body as ReturnType<typeof payinRequest>,
      }),
    );
    expect([error.status, error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  test('wrong Basic credentials are refused with 401 UNAUTHORIZED, and nothing is created', async () => {
    for (const credentials of [
      { apiKey: 'test_key', apiClient: 'wrong_client' },
      { apiKey: 'wrong_key', apiClient: 'test_client' },
    ]) {
      const client = novasendClient(h, { credentials });
      const error = await rejection(client.post('/v1/payin/sessions', { body: payinRequest() }));
      expect([error.status, error.code]).toEqual([401, 'UNAUTHORIZED']);
      const read = await rejection(client.get('/v1/payin/{reference}', { params: { path: { reference: 'tr_any' } } }));
      expect([read.status, read.code]).toEqual([401, 'UNAUTHORIZED']);
    }
    // Through prism proxy (live), a request with no credentials at all is answered by Prism itself.
    if (h.target === 'sandbox') {
      const anonymous = await rawCreatePayin(h, { 'x-idempotency-key': crypto.randomUUID() }, payinRequest());
      expect([anonymous.status, anonymous.body?.code]).toEqual([401, 'UNAUTHORIZED']);
    }
    if (h.target === 'sandbox') expect(storedPayins(h)).toBe(0);
  });

  test('an unknown reference, or the merchant reference instead of the API one, is 404', async () => {
    const request = payinRequest();
    await createPayin(h, request);
    for (const reference of ['tr_doesnotexist', request.reference]) {
      const error = await rejection(
        novasendClient(h).get('/v1/payin/{reference}', { params: { path: { reference } } }),
      );
      expect([error.status, error.code]).toEqual([404, 'PAYIN_NOT_FOUND']);
    }
  });
});
