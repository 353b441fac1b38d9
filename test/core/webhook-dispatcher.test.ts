/**
 * The sandbox's webhook dispatcher against real receivers on loopback: redirects are not followed, attempts time out,
 * shutdown abandons what is under way, what counts as delivered comes from the spec, a delivery may have its own
 * endpoint, memory follows live state, reads are paged, and readers never see secret header values. Schedules are
 * small inline specs; expected values are written here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import { REDACTED } from '../../src/core/redact.js';
import { SandboxClock } from '../../src/core/sandbox/clock.js';
import {
  type RetrySchedule,
  retryScheduleOf,
  WebhookCursorError,
  WebhookDispatcher,
} from '../../src/core/sandbox/webhook-dispatcher.js';
import { attemptTimeoutMs } from '../../src/core/sandbox/webhook-schedule.js';
import { signChariMoneyTestWebhook } from '../../src/providers/chari-money/index.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
interface Receiver {
  url: string;
  received: Received[];
}

const servers: Server[] = [];
const dispatchers: WebhookDispatcher[] = [];

afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.close()));
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
});

/** A receiver on a free loopback port; `answer` decides each reply (or never replies). */
async function receiver(answer: (res: ServerResponse, n: number) => void = (res) => res.end('OK')): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(res, received.length);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

const status = (code: number) => (res: ServerResponse) => res.writeHead(code).end();
const hang = () => undefined;

function dispatcher(schedule: Partial<RetrySchedule>, options: { url?: string; retainSettled?: number } = {}) {
  const clock = new SandboxClock();
  const webhooks = new WebhookDispatcher({
    url: options.url,
    secret: 'whsec_dispatcher_1',
    schedule: { scheduleSeconds: [], maxAttempts: 1, ...schedule },
    clock,
    sign: (body, secret) => signChariMoneyTestWebhook(body, secret, { id: 'wh_1' }).headers,
    fetch: globalThis.fetch,
    retainSettled: options.retainSettled,
  });
  dispatchers.push(webhooks);
  return { webhooks, clock };
}

const only = (webhooks: WebhookDispatcher) => {
  const { deliveries } = webhooks.page({ limit: 10 });
  expect(deliveries).toHaveLength(1);
  return deliveries[0] as NonNullable<(typeof deliveries)[0]>;
};

describe('redirects are not followed', () => {
  test('a 307 to another URL: the other URL never gets the body or signature, and the attempt failed', async () => {
    const elsewhere = await receiver();
    const redirecting = await receiver((res) => res.writeHead(307, { Location: elsewhere.url }).end());
    const { webhooks, clock } = dispatcher({ scheduleSeconds: [60], maxAttempts: 2 }, { url: redirecting.url });
    webhooks.emit('payment.captured', { id: 'evt_1' });
    await webhooks.settle();
    expect(only(webhooks)).toMatchObject({ state: 'pending', lastStatus: 307, attempts: [{ status: 307 }] });

    await clock.advance(60);
    expect(only(webhooks)).toMatchObject({ state: 'failed', attempts: [{ status: 307 }, { status: 307 }] });
    expect(redirecting.received).toHaveLength(2);
    expect(elsewhere.received, 'the redirect target got nothing').toEqual([]);
  });
});

describe('attempt timeout', () => {
  test("a hanging receiver fails the attempt at the spec's responseTimeoutSeconds, and settle() waits no longer", async () => {
    const hanging = await receiver(hang);
    const { webhooks } = dispatcher({ responseTimeoutSeconds: 0.3 }, { url: hanging.url });
    const started = performance.now();
    webhooks.emit('payment.captured', { id: 'evt_1' });
    await webhooks.settle();
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3000);
    expect(only(webhooks)).toMatchObject({ state: 'failed', attempts: [{ error: expect.stringMatching(/0\.3 s/) }] });
  });

  test('the timeout is the spec’s where it states one (Chari Pay: 30 s), else 10 s', () => {
    expect(attemptTimeoutMs(retryScheduleOf(chariPaySpec))).toBe(30_000);
    expect(attemptTimeoutMs(retryScheduleOf({ 'x-webhook-retry': { scheduleSeconds: [300], maxAttempts: 2 } }))).toBe(
      10_000,
    );
    expect(attemptTimeoutMs(retryScheduleOf({}))).toBe(10_000);
  });
});

describe('close()', () => {
  test('abandons an attempt under way at once, and no retry follows', async () => {
    const hanging = await receiver(hang);
    const { webhooks, clock } = dispatcher(
      { responseTimeoutSeconds: 60, scheduleSeconds: [60], maxAttempts: 2 },
      { url: hanging.url },
    );
    webhooks.emit('payment.captured', { id: 'evt_1' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await webhooks.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(only(webhooks).attempts).toEqual([{ at: expect.any(String), error: expect.stringMatching(/shut down/) }]);
    await clock.advance(3600);
    expect(hanging.received).toHaveLength(1);
  });
});

describe('what counts as delivered', () => {
  test('the spec’s successStatuses: [200] makes a 204 a failure that is retried', async () => {
    const picky = await receiver((res, n) => res.writeHead(n === 1 ? 204 : 200).end());
    const schedule = retryScheduleOf({
      'x-webhook-retry': { scheduleSeconds: [300], maxAttempts: 2, successStatuses: [200] },
    });
    expect(schedule.successStatuses).toEqual([200]);
    const { webhooks, clock } = dispatcher(schedule, { url: picky.url });
    webhooks.emit('payment.captured', { id: 'evt_1' });
    await webhooks.settle();
    expect(only(webhooks)).toMatchObject({ state: 'pending', lastStatus: 204 });
    await clock.advance(300);
    expect(only(webhooks)).toMatchObject({ state: 'delivered', attempts: [{ status: 204 }, { status: 200 }] });
  });

  test('without successStatuses any 2xx is delivered', async () => {
    const noContent = await receiver(status(204));
    const { webhooks } = dispatcher({ scheduleSeconds: [300], maxAttempts: 2 }, { url: noContent.url });
    webhooks.emit('payment.captured', { id: 'evt_1' });
    await webhooks.settle();
    expect(only(webhooks)).toMatchObject({ state: 'delivered', lastStatus: 204 });
  });
});

describe('per-delivery endpoint', () => {
  test('emit(…, { url }) sends that delivery there instead of the configured URL', async () => {
    const [configured, own] = [await receiver(), await receiver()];
    const { webhooks } = dispatcher({}, { url: configured.url });
    webhooks.emit('payment.completed', { id: 'evt_own' }, { url: own.url });
    webhooks.emit('payment.completed', { id: 'evt_default' });
    await webhooks.settle();
    expect(own.received.map((r) => JSON.parse(r.body).id)).toEqual(['evt_own']);
    expect(configured.received.map((r) => JSON.parse(r.body).id)).toEqual(['evt_default']);
  });

  test('a delivery with its own endpoint is sent even when the sandbox has none', async () => {
    const own = await receiver();
    const { webhooks } = dispatcher({});
    webhooks.emit('payment.completed', { id: 'evt_own' }, { url: own.url });
    webhooks.emit('payment.completed', { id: 'evt_nowhere' });
    await webhooks.settle();
    expect(webhooks.page({ limit: 10 }).deliveries.map((d) => d.state)).toEqual(['no-endpoint', 'delivered']);
    expect(own.received).toHaveLength(1);
  });
});

describe('readers see secret headers masked; the receiver gets them', () => {
  test('Chari Money’s X-Api-Key shared secret', async () => {
    const target = await receiver();
    const { webhooks } = dispatcher({}, { url: target.url });
    webhooks.emit('transfer.received', { data: { EventId: 'transfer.received' } });
    webhooks.emit('transfer.sent', { data: {} });
    await webhooks.settle();
    expect(target.received.map((r) => r.headers['x-api-key'])).toEqual(['whsec_dispatcher_1', 'whsec_dispatcher_1']);
    const shown = JSON.stringify(webhooks.page({ limit: 10 }));
    expect(shown).not.toContain('whsec_dispatcher_1');
    expect(webhooks.page({ limit: 1 }).deliveries[0]?.headers).toMatchObject({
      'X-Api-Key': REDACTED,
      'C-Webhook-Id': 'wh_1',
    });
  });

  test('also for deliveries without an endpoint, which are signed only when read', () => {
    const { webhooks } = dispatcher({});
    webhooks.emit('transfer.sent', { data: {} });
    expect(only(webhooks).headers).toMatchObject({ 'X-Api-Key': REDACTED, 'content-type': 'application/json' });
  });
});

describe('paged reads', () => {
  test('newest first, with an opaque cursor, filtered by event', () => {
    const { webhooks } = dispatcher({});
    for (let n = 1; n <= 7; n++) webhooks.emit(n % 2 ? 'odd' : 'even', { n });
    const numbers = (page: ReturnType<WebhookDispatcher['page']>) =>
      page.deliveries.map((d) => (d.payload as { n: number }).n);
    const first = webhooks.page({ limit: 3 });
    expect(numbers(first)).toEqual([7, 6, 5]);
    const second = webhooks.page({ limit: 3, cursor: first.nextCursor });
    expect(numbers(second)).toEqual([4, 3, 2]);
    const last = webhooks.page({ limit: 3, cursor: second.nextCursor });
    expect([numbers(last), last.nextCursor]).toEqual([[1], undefined]);
    const odd = webhooks.page({ event: 'odd', limit: 3 });
    expect(numbers(odd)).toEqual([7, 5, 3]);
    expect(numbers(webhooks.page({ event: 'odd', limit: 3, cursor: odd.nextCursor }))).toEqual([1]);
  });

  test('a cursor the sandbox did not issue, or a limit below 1, is refused', () => {
    const { webhooks } = dispatcher({});
    expect(() => webhooks.page({ limit: 3, cursor: 'not-a-cursor' })).toThrow(WebhookCursorError);
    expect(() => webhooks.page({ limit: 0 })).toThrow(RangeError);
  });

  test('the log shows the body as sent, not the live object it came from', async () => {
    const target = await receiver();
    const { webhooks } = dispatcher({}, { url: target.url });
    const payload = { status: 'captured' };
    webhooks.emit('payment.captured', payload);
    payload.status = 'refunded';
    await webhooks.settle();
    expect(only(webhooks).payload).toEqual({ status: 'captured' });
  });
});

describe('memory follows live state, not traffic', () => {
  test('settled deliveries beyond the limit are dropped oldest first; pending ones never', async () => {
    const failing = await receiver(status(500));
    const { webhooks } = dispatcher({ scheduleSeconds: [3600], maxAttempts: 2 }, { retainSettled: 5 });
    for (let n = 0; n < 2; n++) webhooks.emit('pending', { n }, { url: failing.url });
    for (let n = 0; n < 2000; n++) webhooks.emit('settled', { n });
    await webhooks.settle();
    const all = webhooks.page({ limit: 100 }).deliveries;
    expect(all.filter((d) => d.state === 'pending')).toHaveLength(2);
    expect(all.filter((d) => d.state === 'no-endpoint').map((d) => (d.payload as { n: number }).n)).toEqual([
      1999, 1998, 1997, 1996, 1995,
    ]);
    expect(webhooks.deliveries).toHaveLength(7);
  });

  test('the attempt history a delivery keeps is capped at its 20 most recent attempts', async () => {
    const failing = await receiver(status(503));
    const { webhooks, clock } = dispatcher(
      { scheduleSeconds: Array(24).fill(1), maxAttempts: 25 },
      { url: failing.url },
    );
    webhooks.emit('payment.captured', { id: 'evt_1' });
    for (let n = 0; n < 24; n++) await clock.advance(1);
    const delivery = only(webhooks);
    expect(failing.received).toHaveLength(25);
    expect([delivery.state, delivery.attempts.length]).toEqual(['failed', 20]);
  });
});
