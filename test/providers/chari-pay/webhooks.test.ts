import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import spec from '../../../generated/chari-pay/spec.js';
import {
  signChariPayTestWebhook,
  verifyChariPayWebhook,
  WebhookVerificationError,
} from '../../../src/providers/chari-pay/index.js';
import { thrown, webhookExamples } from '../webhook-examples.js';

const SECRET = 'whsec_chari_pay_test';
const examples = webhookExamples(spec);

test('every webhook in the spec has an example to test', () => {
  expect(examples.map(([event]) => event).sort()).toEqual(Object.keys(spec.webhooks!).sort());
});

test.each(examples)('%s (%s) verifies as signed by Chari Pay', (event, _, payload) => {
  const { body, headers } = signChariPayTestWebhook(payload, SECRET);
  // The spec: lowercase hex HMAC-SHA256 of the raw body, keyed with the webhook secret, in X-Webhook-Signature.
  expect(headers['X-Webhook-Signature']).toBe(createHmac('sha256', SECRET).update(body, 'utf8').digest('hex'));
  const delivery = verifyChariPayWebhook(Buffer.from(body), headers, SECRET);
  expect(delivery).toEqual({ event, payload, id: payload.id, authenticated: true });
});

test('the delivery narrows on its event', () => {
  const [, , payload] = examples.find(([event]) => event === 'payment.completed')!;
  const { body, headers } = signChariPayTestWebhook(payload, SECRET);
  const delivery = verifyChariPayWebhook(body, headers, SECRET);
  if (delivery.event !== 'payment.completed') throw new Error('expected payment.completed');
  const reference: string = delivery.payload.data.reference;
  expect(reference).toBe(payload.data.reference);
});

describe('rejections', () => {
  const [, , payload] = examples[0]!;
  const signed = signChariPayTestWebhook(payload, SECRET);
  const cases: [string, { given: () => unknown; want: WebhookVerificationError['reason'] }][] = [
    ['no signature header', { given: () => verifyChariPayWebhook(signed.body, {}, SECRET), want: 'missing_header' }],
    [
      'a re-serialized body',
      {
        given: () => verifyChariPayWebhook(JSON.stringify(JSON.parse(signed.body), null, 1), signed.headers, SECRET),
        want: 'bad_signature',
      },
    ],
    [
      'another secret',
      { given: () => verifyChariPayWebhook(signed.body, signed.headers, 'whsec_other'), want: 'bad_signature' },
    ],
    [
      'a parsed body',
      { given: () => verifyChariPayWebhook(JSON.parse(signed.body), signed.headers, SECRET), want: 'bad_payload' },
    ],
    [
      'an event the spec does not define',
      {
        given: () => {
          const s = signChariPayTestWebhook({ ...payload, type: 'payment.teleported' }, SECRET);
          return verifyChariPayWebhook(s.body, s.headers, SECRET);
        },
        want: 'unknown_event',
      },
    ],
    [
      'a payload missing its data',
      {
        given: () => {
          const { data: _, ...rest } = payload;
          const s = signChariPayTestWebhook(rest, SECRET);
          return verifyChariPayWebhook(s.body, s.headers, SECRET);
        },
        want: 'bad_payload',
      },
    ],
    [
      'a payload without type',
      {
        given: () => {
          const { type: _, ...rest } = payload;
          const s = signChariPayTestWebhook(rest, SECRET);
          return verifyChariPayWebhook(s.body, s.headers, SECRET);
        },
        want: 'bad_payload',
      },
    ],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    const error = thrown(given);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.reason).toBe(want);
    expect(error.provider).toBe('chari-pay');
  });
});
