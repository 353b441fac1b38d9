/**
 * The generic verifier, driven by small made-up specs so that forms no provider uses yet (a timestamp header, base64
 * signatures, a timestamped signed payload) are exercised too. Provider behaviour is tested in test/providers/.
 */
import { createHmac } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import type { GeneratedValidator, GeneratedValidators } from '../../src/core/validation.js';
import { createWebhookVerifier, type WebhookFailureReason, WebhookVerificationError } from '../../src/core/webhooks.js';

type Payloads = {
  'order.paid': { kind: 'order.paid'; id: string };
  'order.refunded': { kind: 'order.refunded'; id: string };
};

const validator = (test: (data: unknown) => boolean, message: string): GeneratedValidator => {
  const check = ((data: unknown) => {
    const ok = test(data);
    check.errors = ok ? null : [{ instancePath: '', schemaPath: '#', keyword: 'custom', params: {}, message }];
    return ok;
  }) as GeneratedValidator;
  return check;
};
const isEvent = (kind: string) => (d: unknown) =>
  (d as { kind?: unknown })?.kind === kind && typeof (d as { id?: unknown }).id === 'string';
const validators: GeneratedValidators = {
  schemas: {},
  requests: {},
  responses: {},
  webhooks: {
    'order.paid': validator(isEvent('order.paid'), 'must be an order.paid event'),
    'order.refunded': validator(isEvent('order.refunded'), 'must be an order.refunded event'),
  },
};

function specWith(signature: Record<string, unknown>, discriminated = true): OpenApiDocument {
  const event = (name: string) => ({
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, ...(discriminated ? { kind: { type: 'string', const: name } } : {}) },
  });
  const webhook = (schema: string) => ({
    post: { requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } },
  });
  return {
    openapi: '3.1.0',
    'x-webhook-signature': signature,
    webhooks: { 'order.paid': webhook('OrderPaid'), 'order.refunded': webhook('OrderRefunded') },
    components: { schemas: { OrderPaid: event('order.paid'), OrderRefunded: event('order.refunded') } },
  };
}

const verifierFor = (signature: Record<string, unknown>, discriminated = true, checks = validators) =>
  createWebhookVerifier<Payloads>({
    slug: 'acme',
    name: 'Acme',
    spec: specWith(signature, discriminated),
    validators: checks,
    deliveryId: (p) => (p as { id?: string }).id,
  });

const HMAC = { scheme: 'hmac-sha256', header: 'X-Sig', encoding: 'hex', signedPayload: 'raw-body' };
const SECRET = 'whsec_test';
const PAID = { kind: 'order.paid', id: 'evt_1' };

function failure(run: () => unknown): WebhookVerificationError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error;
    throw error;
  }
  throw new Error('expected a WebhookVerificationError');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('hmac-sha256 over the raw body', () => {
  const verifier = verifierFor(HMAC);

  test('a signed delivery verifies and is typed by its event', () => {
    const { body, headers } = verifier.sign(PAID, SECRET);
    expect(headers['X-Sig']).toBe(createHmac('sha256', SECRET).update(body).digest('hex'));
    const delivery = verifier.verify(body, headers, SECRET);
    expect(delivery).toEqual({ event: 'order.paid', payload: PAID, id: 'evt_1', authenticated: true });
  });

  test.each([
    ['a string', (body: string) => body],
    ['a Buffer', (body: string) => Buffer.from(body)],
    [
      'a Uint8Array view into a larger buffer',
      (body: string) => new Uint8Array(Buffer.concat([Buffer.from('xx'), Buffer.from(body)])).subarray(2),
    ],
  ])('the body may be %s', (_, wrap) => {
    const { body, headers } = verifier.sign(PAID, SECRET);
    expect(verifier.verify(wrap(body), headers, SECRET).event).toBe('order.paid');
  });

  test.each([
    ['fetch Headers', (h: Record<string, string>) => new Headers(h)],
    [
      'lower-case Node headers',
      (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v])),
    ],
    [
      'Node header arrays',
      (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), [v]])),
    ],
    ['an upper-case hex signature', (h: Record<string, string>) => ({ ...h, 'X-Sig': h['X-Sig']!.toUpperCase() })],
  ])('headers may be %s', (_, wrap) => {
    const { body, headers } = verifier.sign(PAID, SECRET);
    expect(verifier.verify(body, wrap(headers), SECRET).event).toBe('order.paid');
  });

  test('a Uint8Array secret works like its string', () => {
    const { body, headers } = verifier.sign(PAID, Buffer.from(SECRET));
    expect(verifier.verify(body, headers, SECRET).event).toBe('order.paid');
  });

  const rejects: [string, { given: () => unknown; want: [WebhookFailureReason, RegExp] }][] = [
    [
      'a missing signature header',
      {
        given: () => verifier.verify(JSON.stringify(PAID), {}, SECRET),
        want: ['missing_header', /^The X-Sig header is missing, so this is not an authentic Acme delivery/],
      },
    ],
    [
      'a tampered body',
      {
        given: () => {
          const s = verifier.sign(PAID, SECRET);
          return verifier.verify(s.body.replace('evt_1', 'evt_2'), s.headers, SECRET);
        },
        want: ['bad_signature', /does not match the HMAC-SHA256 of the body/],
      },
    ],
    [
      're-serialized JSON',
      {
        given: () => {
          const s = verifier.sign(PAID, SECRET);
          return verifier.verify(JSON.stringify(JSON.parse(s.body), null, 2), s.headers, SECRET);
        },
        want: ['bad_signature', /pass the raw body bytes exactly as received, not re-serialized JSON/],
      },
    ],
    [
      'the wrong secret',
      {
        given: () => {
          const s = verifier.sign(PAID, 'other');
          return verifier.verify(s.body, s.headers, SECRET);
        },
        want: ['bad_signature', /check the webhook secret/],
      },
    ],
    [
      'a truncated signature',
      {
        given: () => {
          const s = verifier.sign(PAID, SECRET);
          return verifier.verify(s.body, { 'X-Sig': s.headers['X-Sig']!.slice(0, 62) }, SECRET);
        },
        want: ['bad_signature', /does not match/],
      },
    ],
    [
      'a signature that is not hex',
      {
        given: () => verifier.verify(JSON.stringify(PAID), { 'X-Sig': 'z'.repeat(64) }, SECRET),
        want: ['bad_signature', /does not match/],
      },
    ],
    [
      'a parsed body',
      {
        given: () => verifier.verify(PAID as never, verifier.sign(PAID, SECRET).headers, SECRET),
        want: [
          'bad_payload',
          /must be the raw request body \(a string or Buffer\), got object; pass the raw body, not parsed or re-serialized JSON/,
        ],
      },
    ],
    [
      'a body that is not JSON',
      {
        given: () => {
          const s = verifier.sign('not json', SECRET);
          return verifier.verify(s.body, s.headers, SECRET);
        },
        want: ['bad_payload', /^The Acme webhook body is not JSON/],
      },
    ],
    [
      'a body that is not UTF-8',
      {
        given: () => {
          const raw = Buffer.from([0x7b, 0xff, 0x7d]);
          return verifier.verify(raw, { 'X-Sig': createHmac('sha256', SECRET).update(raw).digest('hex') }, SECRET);
        },
        want: ['bad_payload', /not UTF-8 text/],
      },
    ],
    [
      'an event the spec does not define',
      {
        given: () => {
          const s = verifier.sign({ kind: 'order.shipped', id: 'e' }, SECRET);
          return verifier.verify(s.body, s.headers, SECRET);
        },
        want: [
          'unknown_event',
          /^Acme sent the event "order\.shipped", which its spec does not define \(known: order\.paid, order\.refunded\)/,
        ],
      },
    ],
    [
      'a payload that breaks its schema',
      {
        given: () => {
          const s = verifier.sign({ kind: 'order.paid' }, SECRET);
          return verifier.verify(s.body, s.headers, SECRET);
        },
        want: [
          'bad_payload',
          /^The order\.paid payload does not match the Acme spec: \(body\) must be an order\.paid event\.$/,
        ],
      },
    ],
    [
      'a payload of another event than expected',
      {
        given: () => {
          const s = verifier.sign(PAID, SECRET);
          return verifier.verify(s.body, s.headers, SECRET, { event: 'order.refunded' });
        },
        want: ['bad_payload', /is a order\.paid event but you expected order\.refunded/],
      },
    ],
  ];
  test.each(rejects)('rejects %s', (_, { given, want: [reason, message] }) => {
    const error = failure(given);
    expect(error.reason).toBe(reason);
    expect(error.provider).toBe('acme');
    expect(error.message).toMatch(message);
  });

  test('a missing secret is a programming error, not a bad delivery', () => {
    const { body, headers } = verifier.sign(PAID, SECRET);
    expect(() => verifier.verify(body, headers, '')).toThrow(
      new TypeError('Acme webhooks: the secret is missing; pass the webhook secret configured with Acme.'),
    );
    expect(() => verifier.verify(body, headers, undefined)).toThrow(TypeError);
  });
});

describe('a timestamp header, when a spec declares one', () => {
  const verifier = verifierFor({ ...HMAC, timestampHeader: 'X-Sig-Time', signedPayload: 'timestamp.raw-body' });
  const now = Date.parse('2026-01-15T10:30:00Z');

  test('the timestamp is signed with the body and checked against a 300 s default tolerance', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    const signed = verifier.sign(PAID, SECRET, { timestamp: now / 1000 - 300 });
    expect(signed.headers['X-Sig']).toBe(
      createHmac('sha256', SECRET)
        .update(`${now / 1000 - 300}.${signed.body}`)
        .digest('hex'),
    );
    expect(verifier.verify(signed.body, signed.headers, SECRET).event).toBe('order.paid');
    const stale = verifier.sign(PAID, SECRET, { timestamp: now / 1000 - 301 });
    const error = failure(() => verifier.verify(stale.body, stale.headers, SECRET));
    expect(error.reason).toBe('timestamp_out_of_tolerance');
    expect(error.message).toMatch(/more than 300 s from now; this may be a replay/);
  });

  test('a replayed signature with a fresh timestamp fails, because the timestamp is signed', () => {
    const old = verifier.sign(PAID, SECRET, { timestamp: Math.floor(Date.now() / 1000) - 1000 });
    const replay = { ...old.headers, 'X-Sig-Time': String(Math.floor(Date.now() / 1000)) };
    expect(failure(() => verifier.verify(old.body, replay, SECRET)).reason).toBe('bad_signature');
  });

  test('the caller may narrow the tolerance', () => {
    const signed = verifier.sign(PAID, SECRET, { timestamp: Math.floor(Date.now() / 1000) - 60 });
    expect(failure(() => verifier.verify(signed.body, signed.headers, SECRET, { toleranceSeconds: 30 })).reason).toBe(
      'timestamp_out_of_tolerance',
    );
  });

  test("the spec's own tolerance applies when it states one", () => {
    const strict = verifierFor({ ...HMAC, timestampHeader: 'X-Sig-Time', toleranceSeconds: 10 });
    const signed = strict.sign(PAID, SECRET, { timestamp: Math.floor(Date.now() / 1000) - 60 });
    expect(failure(() => strict.verify(signed.body, signed.headers, SECRET)).reason).toBe('timestamp_out_of_tolerance');
  });

  test('a missing timestamp header', () => {
    const { body, headers } = verifier.sign(PAID, SECRET);
    const { 'X-Sig-Time': _, ...withoutTime } = headers;
    const error = failure(() => verifier.verify(body, withoutTime, SECRET));
    expect([error.reason, error.message]).toEqual([
      'missing_header',
      'The X-Sig-Time header is missing; pass the request headers as received.',
    ]);
  });
});

test('base64 signatures, when the spec says so', () => {
  const verifier = verifierFor({ ...HMAC, encoding: 'base64' });
  const { body, headers } = verifier.sign(PAID, SECRET);
  expect(headers['X-Sig']).toBe(createHmac('sha256', SECRET).update(body).digest('base64'));
  expect(verifier.verify(body, headers, SECRET).event).toBe('order.paid');
});

describe('shared-secret-header', () => {
  const verifier = verifierFor({ scheme: 'shared-secret-header', header: 'X-Key', idHeader: 'X-Delivery' });

  test('the key header is compared with the secret and the id header names the delivery', () => {
    const { body, headers } = verifier.sign(PAID, SECRET, { id: 'dlv_1' });
    expect(headers).toMatchObject({ 'X-Key': SECRET, 'X-Delivery': 'dlv_1' });
    expect(verifier.verify(body, headers, SECRET)).toMatchObject({
      event: 'order.paid',
      id: 'dlv_1',
      authenticated: true,
    });
  });

  test.each([
    ['a wrong key', { 'X-Key': 'nope', 'X-Delivery': 'd' }, 'bad_signature'],
    ['a key that only shares a prefix', { 'X-Key': `${SECRET}x`, 'X-Delivery': 'd' }, 'bad_signature'],
    ['no key', { 'X-Delivery': 'd' }, 'missing_header'],
  ] as const)('rejects %s', (_, headers, reason) => {
    expect(failure(() => verifier.verify(JSON.stringify(PAID), headers, SECRET)).reason).toBe(reason);
  });
});

describe('payloads that do not name their event', () => {
  const verifier = verifierFor(HMAC, false);
  const hasId = (d: unknown) => typeof (d as { id?: unknown })?.id === 'string';
  const loose = verifierFor(HMAC, false, {
    ...validators,
    webhooks: { 'order.paid': validator(hasId, 'needs an id'), 'order.refunded': validator(hasId, 'needs an id') },
  });

  test('the one schema that fits names the event', () => {
    const { body, headers } = verifier.sign({ id: 'evt_9', kind: 'order.paid' }, SECRET);
    expect(verifier.verify(body, headers, SECRET)).toEqual({
      event: 'order.paid',
      payload: { id: 'evt_9', kind: 'order.paid' },
      id: 'evt_9',
      authenticated: true,
    });
  });

  test('several fitting schemas give an unidentified delivery with its candidates', () => {
    const { body, headers } = loose.sign({ id: 'evt_9' }, SECRET);
    expect(loose.verify(body, headers, SECRET)).toEqual({
      event: undefined,
      candidates: ['order.paid', 'order.refunded'],
      payload: { id: 'evt_9' },
      id: 'evt_9',
      authenticated: true,
    });
    expect(loose.verify(body, headers, SECRET, { event: 'order.refunded' }).event).toBe('order.refunded');
  });

  test('the event option names it', () => {
    const { body, headers } = verifier.sign({ id: 'evt_9', kind: 'order.refunded' }, SECRET);
    expect(verifier.verify(body, headers, SECRET, { event: 'order.refunded' }).event).toBe('order.refunded');
    expect(() => verifier.verify(body, headers, SECRET, { event: 'order.lost' })).toThrow(
      new TypeError('"order.lost" is not a Acme event; use one of order.paid, order.refunded.'),
    );
  });

  test('no fitting schema is a bad payload', () => {
    const { body, headers } = verifier.sign({ id: 'evt_9' }, SECRET);
    const error = failure(() => verifier.verify(body, headers, SECRET));
    expect([error.reason, error.message]).toEqual([
      'bad_payload',
      'The Acme webhook payload matches none of its event schemas (order.paid, order.refunded); it is not a delivery this spec describes.',
    ]);
  });
});

test('none-documented: no secret, nothing to check but the payload, and the result says so', () => {
  const verifier = verifierFor({ scheme: 'none-documented' });
  expect(verifier.authenticates).toBe(false);
  const { body, headers } = verifier.sign(PAID, undefined);
  expect(headers).toEqual({ 'Content-Type': 'application/json' });
  expect(verifier.verify(body, undefined, undefined)).toEqual({
    event: 'order.paid',
    payload: PAID,
    id: 'evt_1',
    authenticated: false,
  });
});

describe('the spec must describe a scheme this code knows', () => {
  test.each([
    ['no x-webhook-signature', undefined, /x-webhook-signature is missing/],
    ['an unknown scheme', { scheme: 'rsa', header: 'X' }, /names an unknown scheme "rsa"/],
    ['no header', { scheme: 'hmac-sha256' }, /has no header/],
    ['an unknown encoding', { ...HMAC, encoding: 'base32' }, /unknown encoding "base32"/],
    ['an unknown signed payload', { ...HMAC, signedPayload: 'headers' }, /unknown signedPayload "headers"/],
    [
      'a signed timestamp without its header',
      { ...HMAC, signedPayload: 'timestamp.raw-body' },
      /signs a timestamp but declares no timestampHeader/,
    ],
  ])('%s', (_, signature, want) => {
    const spec = specWith(signature ?? {});
    if (signature === undefined) delete spec['x-webhook-signature'];
    expect(() => createWebhookVerifier({ slug: 'acme', name: 'Acme', spec, validators })).toThrow(want);
  });
});

test('WebhookVerificationError serializes its reason and nothing secret', () => {
  const error = new WebhookVerificationError('bad_signature', 'The X-Sig header does not match.', 'acme', 'order.paid');
  expect(JSON.parse(JSON.stringify(error))).toEqual({
    name: 'WebhookVerificationError',
    reason: 'bad_signature',
    provider: 'acme',
    event: 'order.paid',
    message: 'The X-Sig header does not match.',
  });
  expect(error).toBeInstanceOf(Error);
});

describe('an unusable tolerance is refused, never read as "no limit"', () => {
  const verifier = verifierFor({ ...HMAC, timestampHeader: 'X-Sig-Time', signedPayload: 'timestamp.raw-body' });
  // A delivery a day old: any tolerance that let it through would have disabled the check.
  const stale = () => verifier.sign(PAID, SECRET, { timestamp: Math.floor(Date.now() / 1000) - 86_400 });

  test.each([
    ['NaN', Number.NaN],
    ['negative', -1],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a numeric string', '300' as unknown as number],
  ])('%s', (_, toleranceSeconds) => {
    const { body, headers } = stale();
    expect(() => verifier.verify(body, headers, SECRET, { toleranceSeconds })).toThrow(
      new TypeError(
        `Acme webhooks: toleranceSeconds must be a finite number of seconds, 0 or more (got ${String(toleranceSeconds)}); leave it out to use 300 s.`,
      ),
    );
  });

  test('it is refused before the headers are read, and for a scheme without a timestamp too', () => {
    expect(() => verifier.verify('{}', {}, SECRET, { toleranceSeconds: Number.NaN })).toThrow(TypeError);
    const plain = verifierFor(HMAC);
    const { body, headers } = plain.sign(PAID, SECRET);
    expect(() => plain.verify(body, headers, SECRET, { toleranceSeconds: -5 })).toThrow(/toleranceSeconds must be/);
  });

  test('a spec stating an unusable tolerance is a build-time mistake', () => {
    expect(() => verifierFor({ ...HMAC, timestampHeader: 'X-Sig-Time', toleranceSeconds: -1 })).toThrow(
      /acme: x-webhook-signature has toleranceSeconds -1, which is not a finite number of seconds/,
    );
  });

  test('a usable tolerance still applies: a day-old delivery fails, a fresh one passes', () => {
    const { body, headers } = stale();
    expect(failure(() => verifier.verify(body, headers, SECRET, { toleranceSeconds: 600 })).reason).toBe(
      'timestamp_out_of_tolerance',
    );
    const fresh = verifier.sign(PAID, SECRET);
    expect(verifier.verify(fresh.body, fresh.headers, SECRET, { toleranceSeconds: 5 }).event).toBe('order.paid');
  });
});

describe('bytes from another realm', () => {
  const verifier = verifierFor(HMAC);
  const foreignBytes = (text: string) =>
    runInNewContext('Uint8Array.from(codes)', { codes: [...Buffer.from(text)] }) as Uint8Array;

  test('a Uint8Array made in a vm context is a raw body', () => {
    const { body, headers } = verifier.sign(PAID, SECRET);
    const foreign = foreignBytes(body);
    expect(foreign instanceof Uint8Array, 'the test needs a body from another realm').toBe(false);
    expect(verifier.verify(foreign, headers, SECRET).event).toBe('order.paid');
  });

  test('a Uint8Array secret made in a vm context is a secret', () => {
    const { body, headers } = verifier.sign(PAID, SECRET);
    const foreignSecret = foreignBytes(SECRET);
    expect(verifier.verify(body, headers, foreignSecret).event).toBe('order.paid');
    expect(failure(() => verifier.verify(body, headers, runInNewContext('new Uint8Array([1, 2, 3])'))).reason).toBe(
      'bad_signature',
    );
  });
});
