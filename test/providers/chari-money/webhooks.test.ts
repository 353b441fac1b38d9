import { describe, expect, test } from 'vitest';
import spec from '../../../generated/chari-money/spec.js';
import {
  signChariMoneyTestWebhook,
  verifyChariMoneyWebhook,
  WebhookVerificationError,
} from '../../../src/providers/chari-money/index.js';
import { thrown, webhookExamples } from '../webhook-examples.js';

/** The key the partner gives Chari; Chari sends it back as X-Api-Key on every delivery. */
const KEY = 'partner-webhook-key-1';
const examples = webhookExamples(spec);
const events = Object.keys(spec.webhooks!);
const named = examples.filter(([, , payload]) => payload.data.EventId !== undefined);
const unnamed = examples.filter(([, , payload]) => payload.data.EventId === undefined);

test('the spec has examples with and without data.EventId (the document omits it)', () => {
  expect(named.length).toBeGreaterThan(0);
  expect(unnamed.length).toBeGreaterThan(0);
});

test.each(named)('%s (%s) is identified by data.EventId, with C-Webhook-Id as its id', (event, _, payload) => {
  const { body, headers } = signChariMoneyTestWebhook(payload, KEY, { id: '5f1c2a9e-0b7d4c3a-9e8f7a6b-1c2d3e4f' });
  expect(headers).toMatchObject({ 'X-Api-Key': KEY, 'C-Webhook-Id': '5f1c2a9e-0b7d4c3a-9e8f7a6b-1c2d3e4f' });
  expect(verifyChariMoneyWebhook(body, headers, KEY)).toEqual({
    event,
    payload,
    id: '5f1c2a9e-0b7d4c3a-9e8f7a6b-1c2d3e4f',
    authenticated: true,
  });
});

describe.each(unnamed)('%s (%s), whose body names no event', (event, _, payload) => {
  const { body, headers } = signChariMoneyTestWebhook(payload, KEY);

  test('comes back unidentified, with every event it fits as a candidate', () => {
    const delivery = verifyChariMoneyWebhook(body, headers, KEY);
    expect(delivery.event).toBeUndefined();
    if (delivery.event !== undefined) return;
    expect(delivery.candidates).toContain(event);
    expect(delivery.candidates.every((c) => events.includes(c))).toBe(true);
    expect(delivery.payload).toEqual(payload);
    expect(delivery.id).toBe(headers['C-Webhook-Id']);
  });

  test('is identified by the event option of the endpoint that received it', () => {
    expect(verifyChariMoneyWebhook(body, headers, KEY, { event })).toMatchObject({ event, payload });
  });
});

test('the delivery narrows on its event', () => {
  const [, , payload] = named.find(([event]) => event === 'customer.level.updated')!;
  const { body, headers } = signChariMoneyTestWebhook(payload, KEY);
  const delivery = verifyChariMoneyWebhook(body, headers, KEY);
  if (delivery.event !== 'customer.level.updated') throw new Error('expected customer.level.updated');
  const level: number | undefined = delivery.payload.data.AccountLevel;
  expect(level).toBe(payload.data.AccountLevel);
});

describe('rejections', () => {
  const [event, , payload] = named[0]!;
  const signed = signChariMoneyTestWebhook(payload, KEY);
  const cases: [string, { given: () => unknown; want: WebhookVerificationError['reason'] }][] = [
    [
      'no X-Api-Key',
      { given: () => verifyChariMoneyWebhook(signed.body, { 'C-Webhook-Id': 'x' }, KEY), want: 'missing_header' },
    ],
    [
      'another key',
      {
        given: () => verifyChariMoneyWebhook(signed.body, { ...signed.headers, 'X-Api-Key': 'guess' }, KEY),
        want: 'bad_signature',
      },
    ],
    [
      'an EventId the spec does not define',
      {
        given: () => {
          const s = signChariMoneyTestWebhook({ data: { ...payload.data, EventId: 'wallet.frozen' } }, KEY);
          return verifyChariMoneyWebhook(s.body, s.headers, KEY);
        },
        want: 'unknown_event',
      },
    ],
    [
      'an EventId other than the endpoint expects',
      {
        given: () =>
          verifyChariMoneyWebhook(signed.body, signed.headers, KEY, { event: events.find((e) => e !== event)! }),
        want: 'bad_payload',
      },
    ],
    [
      'a body without the data envelope',
      {
        given: () => {
          const s = signChariMoneyTestWebhook(payload.data, KEY);
          return verifyChariMoneyWebhook(s.body, s.headers, KEY);
        },
        want: 'bad_payload',
      },
    ],
    [
      'a negative Amount',
      {
        given: () => {
          const s = signChariMoneyTestWebhook({ data: { ...payload.data, Amount: -1 } }, KEY);
          return verifyChariMoneyWebhook(s.body, s.headers, KEY);
        },
        want: 'bad_payload',
      },
    ],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    const error = thrown(given);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.reason).toBe(want);
  });
});
