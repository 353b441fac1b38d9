import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import spec from '../../../generated/haloubi-gateway/spec.js';
import {
  signHaloubiTestWebhook,
  verifyHaloubiWebhook,
  WebhookVerificationError,
} from '../../../src/providers/haloubi-gateway/index.js';
import { thrown, webhookExamples } from '../webhook-examples.js';

const SECRET = 'whsec_haloubi_test';
const examples = webhookExamples(spec);

test('every webhook in the spec has an example to test', () => {
  expect(examples.map(([event]) => event).sort()).toEqual(Object.keys(spec.webhooks!).sort());
});

test.each(examples)('%s (%s) verifies as signed by Haloubi', (event, _, payload) => {
  const { body, headers } = signHaloubiTestWebhook(payload, SECRET);
  // The spec (inferred: the document's verification section is empty): hex HMAC-SHA256 of the raw body.
  expect(headers['X-Webhook-Signature']).toBe(createHmac('sha256', SECRET).update(body, 'utf8').digest('hex'));
  const delivery = verifyHaloubiWebhook(Buffer.from(body), headers, SECRET);
  expect(delivery).toEqual({ event, payload, id: payload.id, authenticated: true });
});

test('the delivery narrows on its event', () => {
  const [, , payload] = examples.find(([event]) => event === 'payment_intent.succeeded')!;
  const { body, headers } = signHaloubiTestWebhook(payload, SECRET);
  const delivery = verifyHaloubiWebhook(body, headers, SECRET);
  if (delivery.event !== 'payment_intent.succeeded') throw new Error('expected payment_intent.succeeded');
  const paymentId: string | undefined = delivery.payload.data.object.payment_id;
  expect(paymentId).toBe(payload.data.object.payment_id);
});

describe('rejections', () => {
  const [, , payload] = examples[0]!;
  const signed = signHaloubiTestWebhook(payload, SECRET);
  const cases: [string, { given: () => unknown; want: WebhookVerificationError['reason'] }][] = [
    ['no signature header', { given: () => verifyHaloubiWebhook(signed.body, {}, SECRET), want: 'missing_header' }],
    [
      'a re-serialized body',
      {
        given: () => verifyHaloubiWebhook(JSON.stringify(JSON.parse(signed.body), null, 1), signed.headers, SECRET),
        want: 'bad_signature',
      },
    ],
    [
      'another secret',
      { given: () => verifyHaloubiWebhook(signed.body, signed.headers, 'whsec_other'), want: 'bad_signature' },
    ],
    [
      'a parsed body',
      { given: () => verifyHaloubiWebhook(JSON.parse(signed.body), signed.headers, SECRET), want: 'bad_payload' },
    ],
    [
      'an event the spec does not define',
      {
        given: () => {
          const s = signHaloubiTestWebhook({ ...payload, type: 'payment.teleported' }, SECRET);
          return verifyHaloubiWebhook(s.body, s.headers, SECRET);
        },
        want: 'unknown_event',
      },
    ],
    [
      'a payload missing its data',
      {
        given: () => {
          const { data: _, ...rest } = payload;
          const s = signHaloubiTestWebhook(rest, SECRET);
          return verifyHaloubiWebhook(s.body, s.headers, SECRET);
        },
        want: 'bad_payload',
      },
    ],
    [
      'a payload without type',
      {
        given: () => {
          const { type: _, ...rest } = payload;
          const s = signHaloubiTestWebhook(rest, SECRET);
          return verifyHaloubiWebhook(s.body, s.headers, SECRET);
        },
        want: 'bad_payload',
      },
    ],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    const error = thrown(given);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.reason).toBe(want);
    expect(error.provider).toBe('haloubi-gateway');
  });
});
