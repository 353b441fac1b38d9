import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiSpec from '../../generated/haloubi-gateway/spec.js';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import { REDACTED } from '../../src/core/redact.js';
import type { RetrySchedule, WebhookDelivery } from '../../src/core/sandbox/webhook-dispatcher.js';
import { createChariPayClient, verifyChariPayWebhook } from '../../src/providers/chari-pay/index.js';
import { createHaloubiGatewayClient, verifyHaloubiWebhook } from '../../src/providers/haloubi-gateway/index.js';
import { SandboxControl } from '../../src/sandbox/control-client.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import {
  type IdempotentReceiver,
  type ReceiverBehaviour,
  startIdempotentReceiver,
} from './support/idempotent-receiver.js';

/**
 * Webhook delivery end to end: the sandbox's dispatcher retries on the spec's `x-webhook-retry` schedule, walked step
 * by step on the test clock through the control API, and a receiver built on `createIdempotentHandler` processes
 * each event exactly once however often it arrives. Wall-clock time is frozen (only `Date`), so the attempt times the
 * sandbox records are exact test-clock times.
 */

interface Provider {
  slug: 'haloubi-gateway' | 'chari-pay';
  spec: OpenApiDocument;
  verify(raw: Buffer, headers: Record<string, unknown>, secret: string): { id?: string };
  /** one API call that makes the sandbox send exactly one event, to the receiver */
  trigger(baseUrl: string, receiverUrl: string): Promise<void>;
}

const chariPaySuccessToken = (chariPaySpec['x-test-cards'] as { token: string; outcome: string }[]).find(
  (c) => c.outcome === 'captured',
)!.token;

const PROVIDERS: Provider[] = [
  {
    slug: 'haloubi-gateway',
    spec: haloubiSpec,
    verify: (raw, headers, secret) => verifyHaloubiWebhook(raw, headers as Record<string, string>, secret),
    trigger: async (baseUrl) => {
      await createHaloubiGatewayClient({ baseUrl, apiKey: 'test_key', maxRetries: 0 }).post(
        '/api/v1/payments/authorize',
        {
          body: {
            amount: 4200,
            currency: 'USD',
            card: { number: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvv: '123' },
          },
        },
      );
    },
  },
  {
    slug: 'chari-pay',
    spec: chariPaySpec,
    verify: (raw, headers, secret) => verifyChariPayWebhook(raw, headers as Record<string, string>, secret),
    trigger: async (baseUrl, receiverUrl) => {
      await createChariPayClient({ baseUrl, secretKey: 'test_key', maxRetries: 0 }).post('/v1/payments', {
        body: {
          amount: 15000,
          currency: 'MAD',
          reference: `ORDER-${randomUUID()}`,
          return_url: 'https://shop.example/return',
          // The payment's own endpoint, which Chari Pay notifies instead of the dashboard's.
          webhook_url: receiverUrl,
          payment_method: chariPaySuccessToken,
        },
      });
    },
  },
];

const SECRET = 'whsec_delivery_reliability_31d9';
const summary: string[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => {
  console.log(`webhook-delivery: ${summary.join('; ')}`);
});

describe.each(PROVIDERS.map((p) => [p.slug, p] as const))('%s', (slug, provider) => {
  const schedule = provider.spec['x-webhook-retry'] as RetrySchedule;
  let sandbox: RunningSandbox | undefined;
  let receiver: IdempotentReceiver | undefined;

  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
    sandbox = receiver = undefined;
  });

  /** A sandbox delivering to a fresh receiver, one event sent, its first attempt made. */
  async function oneEvent(
    behaviour: ReceiverBehaviour,
  ): Promise<{ control: SandboxControl; delivery: () => Promise<WebhookDelivery> }> {
    receiver = await startIdempotentReceiver((raw, headers) => provider.verify(raw, headers, SECRET), behaviour);
    sandbox = await startSandbox(slug, { webhookUrl: receiver.url, webhookSecret: SECRET });
    const control = new SandboxControl(sandbox.url);
    await provider.trigger(sandbox.url, receiver.url);
    const delivery = async () => {
      const all = await control.webhooks();
      expect(all, 'the call sent exactly one event').toHaveLength(1);
      return all[0]!;
    };
    expect((await delivery()).attempts).toHaveLength(1);
    return { control, delivery };
  }

  /**
   * Walks the schedule: one second short of each retry nothing happens, at the second it is due the next attempt
   * is made. Stops after `retries` retries, or when the delivery is no longer pending.
   */
  async function walkSchedule(
    control: SandboxControl,
    delivery: () => Promise<WebhookDelivery>,
    retries: number,
  ): Promise<void> {
    for (const [retry, delay] of schedule.scheduleSeconds.slice(0, retries).entries()) {
      await control.advanceClock(delay - 1);
      expect((await delivery()).attempts, `retry ${retry + 1} is not made before its ${delay} s`).toHaveLength(
        retry + 1,
      );
      await control.advanceClock(1);
      expect(
        (await delivery()).attempts,
        `retry ${retry + 1} is made ${delay} s after attempt ${retry + 1}`,
      ).toHaveLength(retry + 2);
    }
  }

  /** Seconds from the first attempt of each attempt, as the sandbox recorded them on its clock. */
  function offsets(delivery: WebhookDelivery): number[] {
    const first = Date.parse(delivery.attempts[0]!.at);
    return delivery.attempts.map((a) => (Date.parse(a.at) - first) / 1000);
  }

  /** The documented offsets of the first n attempts: 0, then the running sum of the schedule. */
  function documentedOffsets(n: number): number[] {
    return [0, ...schedule.scheduleSeconds]
      .slice(0, n)
      .map((_, i) => schedule.scheduleSeconds.slice(0, i).reduce((a, b) => a + b, 0));
  }

  test('a receiver failing the first attempts gets the event once, on the documented schedule', async () => {
    const failures = schedule.maxAttempts - 2;
    expect(failures).toBeGreaterThan(0);
    const { control, delivery } = await oneEvent({ handlerFails: (attempt) => attempt <= failures });
    await walkSchedule(control, delivery, failures);

    const done = await delivery();
    expect(done.state).toBe('delivered');
    expect(done.attempts.map((a) => a.status)).toEqual([...Array(failures).fill(500), 200]);
    expect(offsets(done)).toEqual(documentedOffsets(failures + 1));
    expect(receiver!.processed, 'processed exactly once').toHaveLength(1);
    expect(receiver!.attempts.map((a) => a.outcome)).toEqual([...Array(failures).fill('handler_failed'), 'processed']);

    // Nothing more is sent, however long we wait.
    await control.advanceClock(schedule.scheduleSeconds.reduce((a, b) => a + b, 0) * 2);
    expect((await delivery()).attempts).toHaveLength(failures + 1);
    expect(receiver!.processed).toHaveLength(1);
    summary.push(`${slug}: processed once after ${failures} failed attempts at +${offsets(done).join('/+')} s`);
  });

  test('a receiver that always fails gets maxAttempts attempts, then none', async () => {
    const { control, delivery } = await oneEvent({ handlerFails: () => true });
    await walkSchedule(control, delivery, schedule.maxAttempts - 1);

    const failed = await delivery();
    expect(failed.state).toBe('failed');
    expect(failed.attempts).toHaveLength(schedule.maxAttempts);
    expect(offsets(failed)).toEqual(documentedOffsets(schedule.maxAttempts));
    await control.advanceClock(7 * 86_400);
    expect((await delivery()).attempts).toHaveLength(schedule.maxAttempts);
    expect(receiver!.attempts).toHaveLength(schedule.maxAttempts);
    expect(receiver!.processed).toEqual([]);
    summary.push(
      `${slug}: always failing → ${failed.attempts.length} attempts (maxAttempts ${schedule.maxAttempts}), then stopped`,
    );
  });

  test('the control API shows the signature header masked; the receiver got it real and verified it', async () => {
    const { delivery } = await oneEvent({});
    const shown = await delivery();
    expect(receiver!.attempts.map((a) => a.outcome)).toEqual(['processed']);
    const header = (provider.spec['x-webhook-signature'] as { header: string }).header.toLowerCase();
    const signature = Object.entries(shown.headers).find(([name]) => name.toLowerCase() === header);
    expect(signature?.[1]).toBe(REDACTED);
    expect(JSON.stringify(shown)).not.toContain(SECRET);
  });

  test('redeliveries after a lost acknowledgement carry the same event id and are deduplicated', async () => {
    const lost = 2;
    const { control, delivery } = await oneEvent({ loseAcknowledgement: (attempt) => attempt <= lost });
    await walkSchedule(control, delivery, lost);

    const done = await delivery();
    expect(done.state).toBe('delivered');
    const attempts = receiver!.attempts;
    expect(attempts.map((a) => a.outcome)).toEqual(['processed', ...Array(lost).fill('duplicate')]);
    expect(new Set(attempts.map((a) => a.id)).size, 'one event id across redeliveries').toBe(1);
    expect(new Set(attempts.map((a) => a.body)).size, 'redeliveries are byte-identical').toBe(1);
    expect(receiver!.processed).toEqual([attempts[0]!.id]);
    summary.push(`${slug}: ${lost} redeliveries of ${attempts[0]!.id} deduplicated`);
  });
});

/** A bare endpoint on loopback that answers each delivery with `answer` and records what it got. */
async function bareReceiver(answer: (res: ServerResponse) => void) {
  const received: { headers: Record<string, unknown>; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, received, close };
}

describe('haloubi-gateway: what its sandbox counts as delivered', () => {
  const haloubi = PROVIDERS[0]!;
  const schedule = haloubiSpec['x-webhook-retry'] as RetrySchedule;
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  async function deliverTo(url: string) {
    const sandbox = await startSandbox('haloubi-gateway', { webhookUrl: url, webhookSecret: SECRET });
    cleanup.push(() => sandbox.close());
    const control = new SandboxControl(sandbox.url);
    await haloubi.trigger(sandbox.url, url);
    return { control, delivery: async () => (await control.webhooks())[0]! };
  }

  test('a 307 to another URL is a failed attempt, retried on schedule; the other URL never gets the body or signature', async () => {
    const elsewhere = await bareReceiver((res) => res.writeHead(200).end('OK'));
    const redirecting = await bareReceiver((res) => res.writeHead(307, { Location: elsewhere.url }).end());
    cleanup.push(elsewhere.close, redirecting.close);
    const { control, delivery } = await deliverTo(redirecting.url);
    expect(await delivery()).toMatchObject({ state: 'pending', attempts: [{ status: 307 }] });
    await control.advanceClock(schedule.scheduleSeconds[0]!);
    expect(await delivery()).toMatchObject({ state: 'pending', attempts: [{ status: 307 }, { status: 307 }] });
    expect(redirecting.received).toHaveLength(2);
    expect(elsewhere.received).toEqual([]);
  });

  test('"If delivery fails (non-200 response)": a 204 is retried, the next 200 delivers', async () => {
    expect(schedule.successStatuses, "Haloubi's document counts only 200").toEqual([200]);
    let answered = 0;
    const picky = await bareReceiver((res) => res.writeHead(++answered === 1 ? 204 : 200).end());
    cleanup.push(picky.close);
    const { control, delivery } = await deliverTo(picky.url);
    expect(await delivery()).toMatchObject({ state: 'pending', lastStatus: 204 });
    await control.advanceClock(schedule.scheduleSeconds[0]!);
    expect(await delivery()).toMatchObject({ state: 'delivered', attempts: [{ status: 204 }, { status: 200 }] });
  });
});
