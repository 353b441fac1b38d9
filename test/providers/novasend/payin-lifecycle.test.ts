import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validators } from '../../../generated/novasend/validators.js';
import { novasendSandbox } from '../../../src/providers/novasend/sandbox/index.js';
import { documentedPayinRequest, novasendSession } from './sandbox-session.js';

let session: Awaited<ReturnType<typeof novasendSession>>;
beforeAll(async () => {
  session = await novasendSession();
});
afterAll(() => session?.close());

async function newPayin(): Promise<string> {
  const created = await session.createPayin();
  expect(created.status).toBe(201);
  return created.body.reference;
}

describe('expired: Délai de confirmation dépassé — by itself on the sandbox clock', () => {
  test('an unanswered payin is still waiting just before the 15-minute delay, expired just after it', async () => {
    const reference = await newPayin();
    await session.control.advanceClock(899);
    expect((await session.getPayin(reference)).body).toMatchObject({
      status: 'processing',
      confirmationStatus: 'none',
    });
    await session.control.advanceClock(2);
    const expired = await session.getPayin(reference);
    expect(expired.body).toMatchObject({ status: 'expired', confirmationStatus: 'expired', transaction: null });
    expect(validators.responses.getPayin?.['200']?.(expired.body)).toBe(true);
    // No webhook is documented for an expiry, and the customer can no longer answer.
    expect((await session.control.webhooks()).filter((d) => JSON.stringify(d).includes(reference))).toEqual([]);
    await expect(session.control.confirmNovasendPayin(reference, 'accepted')).rejects.toMatchObject({
      status: 409,
      code: 'invalid_state',
    });
  });

  test('a payin the customer answered in time does not expire', async () => {
    const reference = await newPayin();
    await session.control.confirmNovasendPayin(reference, 'accepted');
    await session.control.advanceClock(3600);
    expect((await session.getPayin(reference)).body).toMatchObject({
      status: 'processed',
      confirmationStatus: 'accepted',
    });
  });
});

describe('pending: documented in the getPayin tables, reachable', () => {
  test('confirmationStatus pending: the customer has the request in hand; it then answers or expires', async () => {
    const reference = await newPayin();
    expect(await session.progress(reference, 'prompted')).toMatchObject({
      status: 'processing',
      confirmationStatus: 'pending',
      transaction: null,
    });
    const read = await session.getPayin(reference);
    expect(read.body).toMatchObject({ status: 'processing', confirmationStatus: 'pending' });
    expect(validators.responses.getPayin?.['200']?.(read.body)).toBe(true);
    await session.control.confirmNovasendPayin(reference, 'declined');
    expect((await session.getPayin(reference)).body).toMatchObject({ confirmationStatus: 'declined' });

    const unanswered = await newPayin();
    await session.progress(unanswered, 'prompted');
    await session.control.advanceClock(901);
    expect((await session.getPayin(unanswered)).body).toMatchObject({
      status: 'expired',
      confirmationStatus: 'expired',
    });
  });

  test('transaction.status pending: accepted, the Core System not finished; then completed', async () => {
    const reference = await newPayin();
    await session.progress(reference, 'settling');
    const settling = await session.getPayin(reference);
    expect(settling.body).toMatchObject({ status: 'processed', confirmationStatus: 'accepted', failure: null });
    expect(settling.body.transaction).toMatchObject({ status: 'pending', amount: '300.00', chargedAmount: '306.00' });
    expect(validators.responses.getPayin?.['200']?.(settling.body)).toBe(true);
    const confirmed = await session.control.webhooks('payin.confirmed');
    expect(confirmed.filter((d) => JSON.stringify(d).includes(reference))).toHaveLength(1);
    // Accepted is not expired by the clock, and a settling payin is not answered twice.
    await session.control.advanceClock(3600);
    await expect(session.control.confirmNovasendPayin(reference, 'declined')).rejects.toMatchObject({ status: 409 });
    await session.progress(reference, 'settled');
    expect((await session.getPayin(reference)).body.transaction).toMatchObject({ status: 'completed' });
  });

  test('a step from the wrong state is refused with 409 invalid_state, an unknown payin with 404', async () => {
    const reference = await newPayin();
    await expect(session.progress(reference, 'settled')).rejects.toMatchObject({ status: 409, code: 'invalid_state' });
    await session.control.confirmNovasendPayin(reference, 'accepted');
    await expect(session.progress(reference, 'prompted')).rejects.toMatchObject({ status: 409 });
    await expect(session.progress('tr_unknown', 'prompted')).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('reference: "Identifiant unique de la transaction côté marchand"', () => {
  test('a second payin with the same merchant reference is refused with 409 DUPLICATE_REFERENCE', async () => {
    const request = documentedPayinRequest();
    const first = await session.createPayin(request);
    expect(first.status).toBe(201);
    const before = session.sandbox.state() as { payins: Map<string, unknown> };
    const count = before.payins.size;
    const again = await session.createPayin({ ...request, amount: 500 });
    expect([again.status, again.body?.code]).toEqual([409, 'DUPLICATE_REFERENCE']);
    expect(validators.schemas.NovasendError?.(again.body)).toBe(true);
    expect(validators.responses.createPayinSession?.['409']?.(again.body)).toBe(true);
    expect(before.payins.size).toBe(count);
  });

  test('retrying the same request with the same X-Idempotency-Key still returns the original payin', async () => {
    const request = documentedPayinRequest();
    const headers = { 'x-idempotency-key': crypto.randomUUID() };
    const first = await session.createPayin(request, headers);
    const retry = await session.createPayin(request, headers);
    expect([retry.status, retry.body.reference]).toEqual([201, first.body.reference]);
  });
});

describe('what the document does not fix', () => {
  test('a field the document does not list is not refused', async () => {
    const created = await session.createPayin(documentedPayinRequest({ description: 'Commande 42' }));
    expect(created.status).toBe(201);
  });

  test('a sandbox fault is a 500 in the Novasend error format that says it is a sandbox bug', () => {
    const reply = novasendSandbox.errors.sandboxFault?.(undefined, 'state lost');
    expect(reply?.status).toBe(500);
    expect(validators.responses.createPayinSession?.['500']?.(reply?.body)).toBe(true);
    expect(reply?.body).toMatchObject({ message: expect.stringMatching(/bug in the sandbox.*report/) });
  });
});
