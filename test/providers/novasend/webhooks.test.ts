import { describe, expect, test } from 'vitest';
import spec from '../../../generated/novasend/spec.js';
import {
  signNovasendTestWebhook,
  verifyNovasendWebhook,
  WebhookVerificationError,
} from '../../../src/providers/novasend/index.js';
import { thrown, webhookExamples } from '../webhook-examples.js';

const examples = webhookExamples(spec);

test('the spec documents no signature, and every webhook has an example', () => {
  expect(spec['x-webhook-signature']).toEqual({ scheme: 'none-documented' });
  expect(examples.map(([event]) => event).sort()).toEqual(Object.keys(spec.webhooks!).sort());
});

test.each(examples)('%s (%s) is checked but reported as unauthenticated', (event, _, payload) => {
  const { body, headers } = signNovasendTestWebhook(payload);
  expect(headers).toEqual({ 'Content-Type': 'application/json' });
  expect(verifyNovasendWebhook(body)).toEqual({
    event,
    payload,
    id: `${event}:${payload.data.reference}`,
    authenticated: false,
  });
});

test('the delivery narrows on its event', () => {
  const [, , payload] = examples.find(([event]) => event === 'payin.declined')!;
  const delivery = verifyNovasendWebhook(JSON.stringify(payload));
  if (delivery.event !== 'payin.declined') throw new Error('expected payin.declined');
  expect(delivery.payload.data.confirmationStatus).toBe('declined');
});

describe('rejections say to confirm by API', () => {
  const [, , payload] = examples[0]!;
  const cases: [string, { given: () => unknown; want: WebhookVerificationError['reason'] }][] = [
    [
      'an unknown event',
      {
        given: () => verifyNovasendWebhook(JSON.stringify({ ...payload, event: 'payin.refunded' })),
        want: 'unknown_event',
      },
    ],
    [
      'a payload without data',
      { given: () => verifyNovasendWebhook(JSON.stringify({ event: payload.event })), want: 'bad_payload' },
    ],
    ['a body that is not JSON', { given: () => verifyNovasendWebhook('event=payin.confirmed'), want: 'bad_payload' }],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    const error = thrown(given);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.reason).toBe(want);
    expect(error.message).toMatch(
      /Novasend documents no webhook signature: anyone can post this, so confirm with GET \/v1\/payin\/\{reference\} before acting\.$/,
    );
  });
});
