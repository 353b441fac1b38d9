import { describe, expect, test } from 'vitest';
import type { Credentials } from '../../src/core/auth.js';
import { checkRequestBody, PendingRequest, prepareRequest } from '../../src/core/client/prepare.js';
import { resolveClientContext } from '../../src/core/client/settings.js';
import type { CallMeta, CallOptions, ProviderDefinition } from '../../src/core/client/types.js';
import { RequestValidationError } from '../../src/core/errors.js';
import { OperationIndex } from '../../src/core/operation-index.js';
import { chariMoney } from '../../src/providers/chari-money/client.js';
import { chariPay } from '../../src/providers/chari-pay/client.js';
import { haloubiGateway } from '../../src/providers/haloubi-gateway/client.js';
import { novasend } from '../../src/providers/novasend/client.js';

const BASE = 'http://127.0.0.1:4010';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The step's inputs for one operation of a provider, as the client builds them. */
function stepFor(
  provider: ProviderDefinition,
  credentials: Credentials,
  method: string,
  path: string,
  validate = false,
) {
  const ctx = resolveClientContext(provider, credentials, { baseUrl: BASE, validate: validate ? 'both' : 'off' });
  const op = new OperationIndex(provider.spec).find(method, path);
  if (!op) throw new Error(`test setup: ${method} ${path} is not in the ${provider.slug} spec`);
  return { ctx, op };
}

const providers = {
  'chari-pay': () => stepFor(chariPay, { SecretKey: 'sk_test_1' }, 'post', '/v1/payments'),
  'chari-money': () => stepFor(chariMoney, { ChariApiKey: 'cm_test_1' }, 'put', '/api/customers/pin'),
  'haloubi-gateway': () => stepFor(haloubiGateway, { ApiKeyAuth: 'hk_test_1' }, 'post', '/api/v1/payments/authorize'),
  novasend: () => stepFor(novasend, { BasicAuth: { username: 'nk', password: 'nc' } }, 'post', '/v1/payin/sessions'),
} as const;

describe('prepareRequest: credentials, keys and ids, set once per call', () => {
  const cases: [
    string,
    {
      given: { provider: keyof typeof providers; call?: CallOptions; headers?: Record<string, string> };
      want: {
        headers: Record<string, string | RegExp | null>;
        meta: { idempotencyKey?: string | RegExp; requestId?: string | RegExp };
      };
    },
  ][] = [
    [
      'chari-pay: Bearer secret key, no idempotency header, no request id',
      {
        given: { provider: 'chari-pay' },
        want: {
          headers: { authorization: 'Bearer sk_test_1', 'idempotency-key': null, 'c-request-id': null },
          meta: {},
        },
      },
    ],
    [
      'haloubi: X-API-Key and a generated Idempotency-Key',
      {
        given: { provider: 'haloubi-gateway' },
        want: { headers: { 'x-api-key': 'hk_test_1', 'idempotency-key': UUID }, meta: { idempotencyKey: UUID } },
      },
    ],
    [
      "haloubi: the caller's idempotencyKey option",
      {
        given: { provider: 'haloubi-gateway', call: { idempotencyKey: 'order-42' } },
        want: { headers: { 'idempotency-key': 'order-42' }, meta: { idempotencyKey: 'order-42' } },
      },
    ],
    [
      'haloubi: a key already in the headers wins over the option',
      {
        given: {
          provider: 'haloubi-gateway',
          call: { idempotencyKey: 'from-option' },
          headers: { 'Idempotency-Key': 'from-header' },
        },
        want: { headers: { 'idempotency-key': 'from-header' }, meta: { idempotencyKey: 'from-header' } },
      },
    ],
    [
      'novasend: Basic base64(api_key:api_client) and X-Idempotency-Key',
      {
        given: { provider: 'novasend' },
        want: {
          headers: { authorization: `Basic ${Buffer.from('nk:nc').toString('base64')}`, 'x-idempotency-key': UUID },
          meta: { idempotencyKey: UUID },
        },
      },
    ],
    [
      'chari-money: Chari-Api-Key and a generated C-Request-Id',
      {
        given: { provider: 'chari-money' },
        want: { headers: { 'chari-api-key': 'cm_test_1', 'c-request-id': UUID }, meta: { requestId: UUID } },
      },
    ],
    [
      "chari-money: the caller's requestId",
      {
        given: { provider: 'chari-money', call: { requestId: 'trace-1' } },
        want: { headers: { 'c-request-id': 'trace-1' }, meta: { requestId: 'trace-1' } },
      },
    ],
  ];
  test.each(cases)('%s', async (_, { given, want }) => {
    const { ctx, op } = providers[given.provider]();
    const meta: CallMeta = { retries: 0 };
    const pending = new PendingRequest(`${BASE}${op.path}`, {
      method: op.method,
      headers: new Headers(given.headers),
      body: '{}',
    });
    const prepared = await prepareRequest(ctx, op, given.call ?? {}, meta, pending);
    for (const [name, value] of Object.entries(want.headers)) {
      if (value instanceof RegExp) expect(prepared.headers.get(name)).toMatch(value);
      else expect(prepared.headers.get(name)).toBe(value);
    }
    for (const key of ['idempotencyKey', 'requestId'] as const) {
      const value = want.meta[key];
      if (value instanceof RegExp) expect(meta[key]).toMatch(value);
      else expect(meta[key]).toBe(value);
    }
    expect(prepared.method).toBe(op.method.toUpperCase());
    expect(prepared.body).toBe('{}');
  });

  test('an idempotencyKey for an operation without an idempotency header is a TypeError', async () => {
    const { ctx, op } = providers['chari-pay']();
    const pending = new PendingRequest(`${BASE}/v1/payments`, { method: 'POST' });
    await expect(prepareRequest(ctx, op, { idempotencyKey: 'k' }, { retries: 0 }, pending)).rejects.toThrow(
      'chari-pay documents no idempotency header for createPayment; idempotencyKey would not be sent, so remove it (a POST without one is not retried).',
    );
  });

  test('a stream body is read once into bytes every attempt can send', async () => {
    const { ctx, op } = providers['chari-pay']();
    const stream = new Blob(['{"amount":1}']).stream();
    const pending = new PendingRequest(`${BASE}/v1/payments`, { method: 'POST', body: stream });
    const prepared = await prepareRequest(ctx, op, {}, { retries: 0 }, pending);
    expect(prepared.body).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(prepared.body as Uint8Array)).toBe('{"amount":1}');
  });
});

describe('PendingRequest: what openapi-fetch builds in place of a Request', () => {
  const cases: [
    string,
    {
      given: [url: string, init?: RequestInit];
      want: { method: string; headers: Record<string, string>; init: RequestInit };
    },
  ][] = [
    ['no init is a GET', { given: [`${BASE}/x`], want: { method: 'GET', headers: {}, init: {} } }],
    [
      'method upper-cased, headers kept, redirect passed on, signal dropped',
      {
        given: [
          `${BASE}/x`,
          {
            method: 'post',
            headers: { 'Content-Type': 'application/json' },
            redirect: 'follow',
            signal: AbortSignal.abort(),
          },
        ],
        want: { method: 'POST', headers: { 'content-type': 'application/json' }, init: { redirect: 'follow' } },
      },
    ],
  ];
  test.each(cases)('%s', (_, { given: [url, init], want }) => {
    const pending = new PendingRequest(url, init);
    expect(pending.url).toBe(url);
    expect(pending.method).toBe(want.method);
    expect(Object.fromEntries(pending.headers)).toEqual(want.headers);
    expect(pending.init).toEqual(want.init);
  });
});

describe('checkRequestBody (validate: requests)', () => {
  const valid = {
    amount: 15_000,
    currency: 'MAD',
    reference: 'ORDER-2026-001',
    return_url: 'https://shop.example.com/return',
    webhook_url: 'https://shop.example.com/webhooks',
    payment_method: 'tok_visa_4242',
  };
  const { reference: _, ...withoutReference } = valid;
  const cases: [string, { given: { body?: string; callerBody?: { value: unknown } }; want: RegExp | undefined }][] = [
    [
      'a valid caller body passes',
      { given: { body: JSON.stringify(valid), callerBody: { value: valid } }, want: undefined },
    ],
    [
      'a caller body without a required field fails before sending',
      {
        given: { body: JSON.stringify(withoutReference), callerBody: { value: withoutReference } },
        want: /^Request body for createPayment does not match the chari-pay spec: .*reference.*Fix the body before sending\.$/,
      },
    ],
    [
      'serialized text is parsed when there is no caller value',
      { given: { body: JSON.stringify(withoutReference) }, want: /reference/ },
    ],
    ['no body is not checked', { given: {}, want: undefined }],
  ];
  test.each(cases)('%s', async (_, { given, want }) => {
    const { ctx, op } = stepFor(chariPay, { SecretKey: 'sk' }, 'post', '/v1/payments', true);
    const meta: CallMeta = { retries: 0 };
    const pending = new PendingRequest(`${BASE}/v1/payments`, { method: 'POST', body: given.body });
    const prepared = await prepareRequest(ctx, op, {}, meta, pending);
    const check = () => checkRequestBody(ctx, op, prepared, meta, given.callerBody);
    if (want === undefined) expect(check).not.toThrow();
    else {
      expect(check).toThrow(RequestValidationError);
      expect(check).toThrow(want);
    }
  });
});
