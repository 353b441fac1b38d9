import { describe, expect, test } from 'vitest';
import {
  createIdempotentHandler,
  createMemoryEventStore,
  type ProcessedEventStore,
} from '../../src/core/idempotent-handler.js';
import { signChariPayTestWebhook, verifyChariPayWebhook } from '../../src/providers/chari-pay/index.js';

const delivery = (id: string) => ({ id, event: 'payment.completed' });

/** A promise the test resolves or rejects by hand, to hold a handler in flight. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

test('each id is processed once; repeats are reported as duplicates', async () => {
  const seen: string[] = [];
  const handle = createIdempotentHandler({
    handler: (d: { id: string }) => {
      seen.push(d.id);
      return `done ${d.id}`;
    },
  });
  expect(await handle(delivery('evt_1'))).toEqual({ processed: true, id: 'evt_1', result: 'done evt_1' });
  expect(await handle(delivery('evt_1'))).toEqual({ processed: false, id: 'evt_1', reason: 'duplicate' });
  expect(await handle(delivery('evt_2'))).toMatchObject({ processed: true, id: 'evt_2' });
  expect(seen).toEqual(['evt_1', 'evt_2']);
});

test('concurrent deliveries of one id run the handler once', async () => {
  const hold = gate();
  let runs = 0;
  const handle = createIdempotentHandler({
    handler: async () => {
      runs++;
      await hold.promise;
    },
  });
  const outcomes = Promise.all(Array.from({ length: 5 }, () => handle(delivery('evt_1'))));
  hold.open();
  const results = await outcomes;
  expect(runs).toBe(1);
  expect(results.filter((r) => r.processed)).toHaveLength(1);
  expect(results.filter((r) => !r.processed)).toHaveLength(4);
});

test('a failed handler releases the id so the next retry processes it', async () => {
  let attempts = 0;
  const handle = createIdempotentHandler({
    handler: async () => {
      attempts++;
      if (attempts === 1) throw new Error('database down');
      return 'ok';
    },
  });
  await expect(handle(delivery('evt_1'))).rejects.toThrow('database down');
  expect(await handle(delivery('evt_1'))).toEqual({ processed: true, id: 'evt_1', result: 'ok' });
  expect(await handle(delivery('evt_1'))).toMatchObject({ processed: false });
  expect(attempts).toBe(2);
});

test('a copy arriving while the first attempt runs is a duplicate; a retry after that attempt fails is processed', async () => {
  const hold = gate();
  let runs = 0;
  const handle = createIdempotentHandler({ handler: async () => (++runs === 1 ? await hold.promise : 'ok') });
  const first = handle(delivery('evt_1'));
  expect(await handle(delivery('evt_1'))).toMatchObject({ processed: false, reason: 'duplicate' });
  hold.fail(new Error('boom'));
  await expect(first).rejects.toThrow('boom');
  expect(await handle(delivery('evt_1'))).toEqual({ processed: true, id: 'evt_1', result: 'ok' });
  expect(runs).toBe(2);
});

test('a pluggable store is used through claim, release and complete', async () => {
  const calls: string[] = [];
  const held = new Set<string>();
  const store: ProcessedEventStore = {
    claim: async (id) => {
      calls.push(`claim ${id}`);
      if (held.has(id)) return false;
      held.add(id);
      return true;
    },
    release: async (id) => {
      calls.push(`release ${id}`);
      held.delete(id);
    },
    complete: async (id) => void calls.push(`complete ${id}`),
  };
  let fail = true;
  const handle = createIdempotentHandler({
    store,
    handler: () => {
      if (fail) throw new Error('x');
    },
  });
  await handle(delivery('a')).catch(() => undefined);
  fail = false;
  await handle(delivery('a'));
  await handle(delivery('a'));
  expect(calls).toEqual(['claim a', 'release a', 'claim a', 'complete a', 'claim a']);
});

describe('keys', () => {
  test('a custom key, for deliveries without an id', async () => {
    const handle = createIdempotentHandler({ key: (d: { ref: string }) => `payin:${d.ref}`, handler: () => 1 });
    expect(await handle({ ref: 'r1' })).toMatchObject({ processed: true, id: 'payin:r1' });
    expect(await handle({ ref: 'r1' })).toMatchObject({ processed: false, id: 'payin:r1' });
  });

  test('a delivery without an id is a clear error', async () => {
    const handle = createIdempotentHandler({ handler: () => 1 });
    await expect(handle({ id: undefined })).rejects.toThrow(
      'This delivery has no id to de-duplicate on; pass key: (delivery) => … to createIdempotentHandler.',
    );
  });

  test('a missing handler is a clear error', () => {
    expect(() => createIdempotentHandler({} as never)).toThrow(/needs a handler function/);
  });
});

describe('createMemoryEventStore', () => {
  test('forgets the oldest processed ids beyond maxEntries, never one in flight', async () => {
    const store = createMemoryEventStore({ maxEntries: 2 });
    expect(await store.claim('a')).toBe(true); // in flight
    expect(await store.claim('b')).toBe(true);
    await store.complete!('b');
    expect(await store.claim('c')).toBe(true); // evicts b, the oldest processed id
    expect(await store.claim('a')).toBe(false);
    expect(await store.claim('b')).toBe(true);
  });

  test('rejects a nonsensical size', () => {
    expect(() => createMemoryEventStore({ maxEntries: 0 })).toThrow('maxEntries must be a whole number ≥ 1, got 0.');
  });
});

test('with a verified Chari Pay delivery, the event id is the key', async () => {
  const payload = {
    id: 'evt_1a2b3c4d5e',
    type: 'payment.completed',
    created: '2026-01-15T10:30:05Z',
    data: {
      id: 'pay_1',
      status: 'captured',
      amount: 15000,
      amount_captured: 15000,
      amount_refunded: 0,
      currency: 'MAD',
      reference: 'ORDER-1',
      capture_method: 'automatic',
      payment_method: { id: null, last4: '4242', network: 'visa' },
      created: '2026-01-15T10:30:00Z',
      events: [],
      next_action: null,
      failure_code: null,
    },
  };
  const signed = signChariPayTestWebhook(payload, 'whsec');
  const fulfilled: string[] = [];
  const handle = createIdempotentHandler({
    handler: (d: ReturnType<typeof verifyChariPayWebhook>) => void fulfilled.push(d.payload.data.reference),
  });
  await handle(verifyChariPayWebhook(signed.body, signed.headers, 'whsec'));
  await handle(verifyChariPayWebhook(signed.body, signed.headers, 'whsec'));
  expect(fulfilled).toEqual(['ORDER-1']);
});
