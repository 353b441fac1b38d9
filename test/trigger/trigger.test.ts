import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../contract-tests/support/webhook-receiver.js';
import type { ProviderSlug } from '../../src/core/providers.js';
import { verifyChariMoneyWebhook } from '../../src/providers/chari-money/index.js';
import { verifyChariPayWebhook } from '../../src/providers/chari-pay/index.js';
import { verifyHaloubiWebhook } from '../../src/providers/haloubi-gateway/index.js';
import { verifyNovasendWebhook } from '../../src/providers/novasend/index.js';
import { type RunningSandbox, sandboxDefaults, startSandbox } from '../../src/sandbox/index.js';
import { loadFlows } from '../../src/trigger/flows.js';
import { triggerEvent } from '../../src/trigger/trigger.js';

/** The webhook events each provider's document lists, written out by hand: 10 + 4 + 8 + 0 + 2 = 24. */
const DOCUMENTED_EVENTS: Record<ProviderSlug, string[]> = {
  'chari-money': [
    'customer.level.updated',
    'cashin.card.authorized',
    'payment.card.authorized',
    'payment.received',
    'bank-transfer.initiated',
    'bank-transfer.completed',
    'bank-transfer.received',
    'transfer.received',
    'cashin.network.executed',
    'cashout.network.executed',
  ],
  'chari-pay': ['payment.completed', 'payment.failed', 'payment.refunded', 'payment.disputed'],
  'haloubi-gateway': [
    'payment.authorized',
    'payment.captured',
    'payment.voided',
    'payment.refunded',
    'payment.failed',
    'payment_intent.created',
    'payment_intent.succeeded',
    'payment_intent.canceled',
  ],
  alyapay: [],
  novasend: ['payin.confirmed', 'payin.declined'],
};

/** Our own verifier of each provider, given the raw delivery: what it verified, or a thrown error. */
type Verify = (
  body: string,
  headers: Record<string, string>,
  secret: string,
) => { event?: string; authenticated: boolean };
const VERIFY: Partial<Record<ProviderSlug, Verify>> = {
  'chari-money': (body, headers, secret) => verifyChariMoneyWebhook(body, headers, secret),
  'chari-pay': (body, headers, secret) => verifyChariPayWebhook(body, headers, secret),
  'haloubi-gateway': (body, headers, secret) => verifyHaloubiWebhook(body, headers, secret),
  novasend: (body) => verifyNovasendWebhook(body),
};

test('the built-in flows cover every documented webhook event of the five providers, 24 in all', async () => {
  const covered: Record<string, string[]> = {};
  for (const slug of Object.keys(DOCUMENTED_EVENTS) as ProviderSlug[]) {
    const { catalog, file } = await loadFlows(slug);
    expect(catalog.events, slug).toEqual(DOCUMENTED_EVENTS[slug]);
    covered[slug] = [...file.flows.keys()];
  }
  expect(Object.values(covered).flat()).toHaveLength(24);
  for (const [slug, events] of Object.entries(DOCUMENTED_EVENTS))
    expect(new Set(covered[slug])).toEqual(new Set(events));
});

describe.each((Object.keys(VERIFY) as ProviderSlug[]).map((slug) => [slug] as const))(
  '%s: trigger produces each documented event at a loopback receiver, signed so our verifier accepts it',
  (slug) => {
    let receiver: WebhookReceiver;
    let sandbox: RunningSandbox;
    let secret: string;

    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      sandbox = await startSandbox(slug, { webhookUrl: receiver.url });
      secret = (await sandboxDefaults(slug)).webhookSecret ?? '';
    });
    afterAll(async () => {
      await sandbox?.close();
      await receiver?.close();
    });

    test.each(DOCUMENTED_EVENTS[slug].map((event) => [event]))('%s', async (event) => {
      const report = await triggerEvent({ slug, event, sandboxUrl: sandbox.url });
      expect(report.problem).toBeUndefined();
      expect(report.deliveries.map((d) => [d.event, d.state, d.lastStatus])).toEqual([[event, 'delivered', 200]]);
      const delivered = receiver.received.filter((r) => JSON.stringify(report.deliveries[0]?.payload) === r.body);
      expect(delivered).toHaveLength(1);
      const { body, headers } = delivered[0] as WebhookReceiver['received'][number];
      const verify = VERIFY[slug] as Verify;
      // Novasend documents no signature: its verifier checks the payload and says the delivery is not authenticated.
      expect(verify(body, headers, secret)).toMatchObject({ event, authenticated: slug !== 'novasend' });
      if (slug !== 'novasend') expect(() => verify(body, headers, 'another secret')).toThrow();
    });
  },
);

describe('flows written by users (--flow FILE)', () => {
  let dir: string;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paycontracts-flows-'));
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function flowFile(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  const CAPTURE = `provider: haloubi-gateway
events:
  payment.captured:
    steps:
      - id: authorize
        operation: authorizePayment
        body: { amount: 7000, currency: MAD }
      - operation: capturePayment
        path: { id: "{{steps.authorize.body.id}}" }
        body: { amount: 2500 }
`;

  test('a user flow replaces the built-in one, its body merged over the spec example; a throwaway sandbox delivers it', async () => {
    const report = await triggerEvent({
      slug: 'haloubi-gateway',
      event: 'payment.captured',
      webhookUrl: receiver.url,
      flowFile: await flowFile('partial-capture.yaml', CAPTURE),
    });
    expect(report.throwaway).toBe(true);
    expect(report.problem).toBeUndefined();
    const [delivery] = report.deliveries;
    const payment = (delivery?.payload as { data: { object: Record<string, unknown> } } | undefined)?.data.object;
    expect(payment).toMatchObject({ amount: 7000, currency: 'MAD', captured_amount: 2500, status: 'captured' });
  });

  test('a delivery the endpoint refuses is reported, not passed off as delivered', async () => {
    receiver.failNext(1, 500);
    const report = await triggerEvent({
      slug: 'haloubi-gateway',
      event: 'payment.authorized',
      webhookUrl: receiver.url,
    });
    expect(report.problem).toBe(
      `payment.authorized was sent to ${receiver.url}, which answered 500; the throwaway sandbox has stopped, so it is not retried.`,
    );
  });

  test.each([
    ['not YAML', 'provider: haloubi-gateway\nevents: [\n', /\/bad\.yaml:3: not valid YAML/],
    [
      'an unknown operation',
      CAPTURE.replace('operation: capturePayment', 'operation: capturePaymnet'),
      /\/bad\.yaml:8 \(payment\.captured, step 2 "capturePaymnet"\): no operation "capturePaymnet" in the haloubi-gateway or sandbox-control spec/,
    ],
    [
      'a reference to a later step',
      CAPTURE.replace('amount: 7000', 'amount: "{{steps.capture.body.amount}}"'),
      /\/bad\.yaml:5 \(payment\.captured, step 1 "authorize"\): \{\{steps\.capture\.…\}\} names no earlier step/,
    ],
    [
      'a reference that is not one',
      CAPTURE.replace('{{steps.authorize.body.id}}', '{{steps.authorize}}'),
      /\/bad\.yaml:8 \(payment\.captured, step 2 "capturePayment"\): \{\{steps\.authorize\}\} is not a reference/,
    ],
    [
      'an unknown key',
      CAPTURE.replace('body: { amount: 2500 }', 'bdy: { amount: 2500 }'),
      /\/bad\.yaml:8 \(payment\.captured, step 2 "capturePayment"\): "bdy" is not a key of a step/,
    ],
    [
      'an unknown parameter',
      CAPTURE.replace('body: { amount: 2500 }', 'query: { expand: all }'),
      /\/bad\.yaml:8 .*capturePayment has no query parameter "expand"/,
    ],
    [
      'an undocumented event',
      CAPTURE.replace('payment.captured:', 'payment.exploded:'),
      /bad\.yaml:4: "payment\.exploded" is not a webhook event haloubi-gateway documents; use one of: payment\.authorized/,
    ],
    [
      'no steps',
      'provider: haloubi-gateway\nevents:\n  payment.voided:\n    steps: []\n',
      /\/bad\.yaml:4 \(payment\.voided\): "steps" must be a list of at least one step/,
    ],
    [
      'another provider',
      CAPTURE.replace('provider: haloubi-gateway', 'provider: chari-pay'),
      /its flows are for chari-pay, not haloubi-gateway/,
    ],
  ])('a flow file with %s is refused before anything runs, naming the line and the step', async (_, text, message) => {
    const file = await flowFile('bad.yaml', text);
    await expect(loadFlows('haloubi-gateway', file)).rejects.toThrow(message);
  });
});
