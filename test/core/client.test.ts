import { afterEach, describe, expect, test, vi } from 'vitest';
import alyapaySpec from '../../generated/alyapay/spec.js';
import chariMoneySpec from '../../generated/chari-money/spec.js';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiSpec from '../../generated/haloubi-gateway/spec.js';
import novasendSpec from '../../generated/novasend/spec.js';
import type { CommonClientOptions } from '../../src/core/client.js';
import {
  ConnectionError,
  type InvalidRequestError,
  PaymentApiError,
  RateLimitError,
  RequestValidationError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from '../../src/core/errors.js';
import { listServers, type OpenApiDocument } from '../../src/core/openapi-document.js';
import { createAlyaPayClient } from '../../src/providers/alyapay/index.js';
import { createChariMoneyClient } from '../../src/providers/chari-money/index.js';
import { createChariPayClient } from '../../src/providers/chari-pay/index.js';
import { createHaloubiGatewayClient } from '../../src/providers/haloubi-gateway/index.js';
import { createNovasendClient } from '../../src/providers/novasend/index.js';
import { connectionRefused, fakeFetch, hangingFetch, json, type Reply } from './fake-fetch.js';

const BASE = 'http://127.0.0.1:4010';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Answers that would be retried carry `Retry-After: 0`, which the real policy honours, so no test waits. */
const NOW = { 'Retry-After': '0' };

const payment = { id: 'pay_1', status: 'captured', amount: 15_000, currency: 'MAD', reference: 'ORDER-1' };
const createPaymentBody = {
  amount: 15_000,
  currency: 'MAD' as const,
  reference: 'ORDER-2026-001',
  return_url: 'https://shop.example.com/return',
  webhook_url: 'https://shop.example.com/webhooks',
  payment_method: 'tok_visa_4242',
};
const authorizeBody = {
  amount: 9999,
  currency: 'USD' as const,
  card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvv: '123' },
};
const payinBody = {
  reference: 'ref-1',
  accountId: 'merchant_1',
  amount: 300,
  msisdn: '+2250702968786',
  customerName: 'John Doe',
  country: 'CI',
};

const chariPay = (fetch: CommonClientOptions['fetch'], options: Partial<CommonClientOptions> = {}) =>
  createChariPayClient({ secretKey: 'sk_test_1', baseUrl: BASE, fetch, ...options });
const chariMoney = (fetch: CommonClientOptions['fetch'], options: Partial<CommonClientOptions> = {}) =>
  createChariMoneyClient({ apiKey: 'cm_test_1', baseUrl: BASE, fetch, ...options });
const haloubi = (fetch: CommonClientOptions['fetch'], options: Partial<CommonClientOptions> = {}) =>
  createHaloubiGatewayClient({ apiKey: 'hk_test_1', baseUrl: BASE, fetch, ...options });
const novasend = (fetch: CommonClientOptions['fetch'], options: Partial<CommonClientOptions> = {}) =>
  createNovasendClient({ apiKey: 'nk', apiClient: 'nc', baseUrl: BASE, fetch, ...options });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('retry rules (GET, maxRetries 1)', () => {
  const cases: [string, { first: Reply; retried: boolean }][] = [
    ['a connection error is retried', { first: connectionRefused(), retried: true }],
    ['408 is retried', { first: { status: 408, headers: NOW }, retried: true }],
    [
      '429 is retried',
      {
        first: {
          status: 429,
          body: { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'slow down' } },
          headers: NOW,
        },
        retried: true,
      },
    ],
    [
      '500 is retried',
      {
        first: {
          status: 500,
          body: { error: { type: 'api_error', code: 'internal_error', message: 'oops' } },
          headers: NOW,
        },
        retried: true,
      },
    ],
    ['503 is retried', { first: { status: 503, headers: NOW }, retried: true }],
    [
      '400 is not retried',
      {
        first: {
          status: 400,
          body: { error: { type: 'invalid_request_error', code: 'x', message: 'bad' } },
          headers: NOW,
        },
        retried: false,
      },
    ],
    ['401 is not retried', { first: { status: 401, headers: NOW }, retried: false }],
    ['402 is not retried', { first: { status: 402, headers: NOW }, retried: false }],
    ['404 is not retried', { first: { status: 404, headers: NOW }, retried: false }],
    ['409 is not retried', { first: { status: 409, headers: NOW }, retried: false }],
  ];
  test.each(cases)('%s', async (_, { first, retried }) => {
    if (first instanceof Error) vi.spyOn(Math, 'random').mockReturnValue(0.999_999); // shortest backoff, 375 ms
    const fake = fakeFetch([first, { status: 200, body: payment }]);
    const call = chariPay(fake.fetch, { maxRetries: 1 }).get('/v1/payments/{id}', {
      params: { path: { id: 'pay_1' } },
    });
    if (retried) {
      const result = await call;
      expect(result.data).toEqual(payment);
      expect(result.retries).toBe(1);
      expect(fake.requests).toHaveLength(2);
    } else {
      const error = (await rejection(call)) as PaymentApiError;
      expect(error).toBeInstanceOf(PaymentApiError);
      expect(error.retries).toBe(0);
      expect(fake.requests).toHaveLength(1);
    }
  });

  test('a connection error waits the exponential backoff before retrying', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fake = fakeFetch([connectionRefused(), connectionRefused(), { status: 200, body: payment }]);
    const call = chariPay(fake.fetch, { maxRetries: 2 }).get('/v1/payments/{id}', {
      params: { path: { id: 'pay_1' } },
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(fake.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect((await call).retries).toBe(2);
    expect(fake.requests).toHaveLength(3);
  });

  test('retries stop at maxRetries and the error says how many were made', async () => {
    const fake = fakeFetch([{ status: 503, headers: NOW }]);
    const error = (await rejection(
      chariPay(fake.fetch, { maxRetries: 2 }).get('/v1/payments/{id}', { params: { path: { id: 'pay_1' } } }),
    )) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.retries).toBe(2);
    expect(error.message).toMatch(/after 2 retries\.$/);
    expect(fake.requests).toHaveLength(3);
  });

  test('maxRetries per call overrides the client option', async () => {
    const fake = fakeFetch([{ status: 503, headers: NOW }]);
    await rejection(
      chariPay(fake.fetch, { maxRetries: 3 }).get('/v1/payments/{id}', {
        params: { path: { id: 'pay_1' } },
        maxRetries: 0,
      }),
    );
    expect(fake.requests).toHaveLength(1);
  });

  test('the fetch style reports retries too', async () => {
    const fake = fakeFetch([
      { status: 503, headers: NOW },
      { status: 200, body: payment },
    ]);
    const result = await chariPay(fake.fetch).GET('/v1/payments/{id}', { params: { path: { id: 'pay_1' } } });
    expect(result.data).toEqual(payment);
    expect(result.retries).toBe(1);
  });
});

describe('server-directed waits', () => {
  test.each([
    ['Retry-After as an HTTP date in the past', { 'Retry-After': new Date(Date.now() - 60_000).toUTCString() }],
    ['X-RateLimit-Reset of 0 seconds', { 'X-RateLimit-Reset': '0' }],
    ['retry-after-ms of 0', { 'retry-after-ms': '0' }],
  ])('%s retries at once', async (_, headers) => {
    const fake = fakeFetch([
      { status: 429, headers },
      { status: 200, body: payment },
    ]);
    const result = await chariPay(fake.fetch).get('/v1/payments/{id}', { params: { path: { id: 'pay_1' } } });
    expect(result.retries).toBe(1);
  });

  test('Retry-After seconds are waited', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fake = fakeFetch([
      { status: 429, headers: { 'Retry-After': '3' } },
      { status: 200, body: payment },
    ]);
    const call = chariPay(fake.fetch).get('/v1/payments/{id}', { params: { path: { id: 'pay_1' } } });
    await vi.advanceTimersByTimeAsync(2999);
    expect(fake.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await call).retries).toBe(1);
  });

  test('a wait longer than a minute is not honoured: the 429 surfaces at once', async () => {
    const fake = fakeFetch([{ status: 429, headers: { 'Retry-After': '120' } }]);
    const error = (await rejection(
      chariPay(fake.fetch).get('/v1/payments/{id}', { params: { path: { id: 'pay_1' } } }),
    )) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retries).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('idempotency', () => {
  test.each([
    [
      'chari-pay createPayment (no idempotency header)',
      () => {
        const fake = fakeFetch([
          { status: 503, headers: NOW },
          { status: 201, body: payment },
        ]);
        return { fake, call: chariPay(fake.fetch).post('/v1/payments', { body: createPaymentBody }) };
      },
    ],
    [
      'chari-pay createPayment on a connection error',
      () => {
        const fake = fakeFetch([connectionRefused(), { status: 201, body: payment }]);
        return { fake, call: chariPay(fake.fetch).post('/v1/payments', { body: createPaymentBody }) };
      },
    ],
    [
      'chari-money executeTransfer',
      () => {
        const fake = fakeFetch([
          { status: 500, headers: NOW },
          { status: 200, body: { data: {} } },
        ]);
        return { fake, call: chariMoney(fake.fetch).post('/api/operations/transfer', { body: {} as never }) };
      },
    ],
    [
      'chari-money registerCustomer on a timeout',
      () => {
        const fake = hangingFetch();
        return {
          fake,
          call: chariMoney(fake.fetch, { timeoutMs: 10 }).post('/api/customers/register', { body: {} as never }),
        };
      },
    ],
  ])('a keyless POST is never retried: %s', async (_, start) => {
    const { fake, call } = start();
    const error = (await rejection(call)) as PaymentApiError;
    expect(error).toBeInstanceOf(PaymentApiError);
    expect(error.retries).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });

  test.each([
    [
      'haloubi authorizePayment',
      'Idempotency-Key',
      (fetch: CommonClientOptions['fetch']) =>
        haloubi(fetch).post('/api/v1/payments/authorize', { body: authorizeBody }),
    ],
    [
      'novasend createPayinSession',
      'X-Idempotency-Key',
      (fetch: CommonClientOptions['fetch']) => novasend(fetch).post('/v1/payin/sessions', { body: payinBody }),
    ],
  ])('a keyed POST is retried with the same key every attempt: %s', async (_, header, call) => {
    const fake = fakeFetch([connectionRefused(), { status: 503, headers: NOW }, { status: 201, body: {} }]);
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    const result = await call(fake.fetch);
    expect(result.retries).toBe(2);
    const keys = fake.requests.map((r) => r.headers.get(header));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);
    expect(result.idempotencyKey).toBe(keys[0]);
    expect(fake.requests.map((r) => r.body)).toEqual(Array(3).fill(fake.requests[0]!.body));
  });

  test.each([
    [
      'PUT updateCustomerPin',
      (fetch: CommonClientOptions['fetch']) =>
        chariMoney(fetch).put('/api/customers/pin', { body: {} as never } as never),
    ],
    [
      'DELETE deleteBeneficiary',
      (fetch: CommonClientOptions['fetch']) =>
        chariMoney(fetch).delete('/api/customer/beneficiaries/{id}', {
          params: { path: { id: 'ben_1' }, query: { PhoneNumber: '+212711111111' } },
        } as never),
    ],
  ])(
    'an idempotent method is retried without an idempotency key (README: only a POST needs one): %s',
    async (_, call) => {
      const fake = fakeFetch([
        { status: 503, headers: NOW },
        { status: 200, body: { data: {} } },
      ]);
      const result = await call(fake.fetch);
      expect(result.retries).toBe(1);
      expect(fake.requests).toHaveLength(2);
    },
  );

  test('each call gets its own key', async () => {
    const fake = fakeFetch([{ status: 201, body: {} }]);
    const client = haloubi(fake.fetch);
    await client.post('/api/v1/payments/authorize', { body: authorizeBody });
    await client.post('/api/v1/payments/authorize', { body: authorizeBody });
    const [a, b] = fake.requests.map((r) => r.headers.get('Idempotency-Key'));
    expect(a).not.toBe(b);
  });

  test.each([
    ['the idempotencyKey option', { idempotencyKey: 'order-42-attempt-1' }],
    ['the header parameter', { params: { header: { 'Idempotency-Key': 'order-42-attempt-1' } } }],
  ])('a caller key is honoured on every attempt: %s', async (_, init) => {
    const fake = fakeFetch([
      { status: 503, headers: NOW },
      { status: 201, body: {} },
    ]);
    const result = await haloubi(fake.fetch).post('/api/v1/payments/authorize', { body: authorizeBody, ...init });
    expect(fake.requests.map((r) => r.headers.get('Idempotency-Key'))).toEqual([
      'order-42-attempt-1',
      'order-42-attempt-1',
    ]);
    expect(result.idempotencyKey).toBe('order-42-attempt-1');
  });

  test('an idempotencyKey on an operation without an idempotency header is refused before sending', async () => {
    const fake = fakeFetch([{ status: 201, body: payment }]);
    const error = await rejection(
      chariPay(fake.fetch).post('/v1/payments', { body: createPaymentBody, idempotencyKey: 'order-42' }),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as Error).message)).toMatch(/no idempotency header for createPayment/);
    expect(fake.requests).toHaveLength(0);
  });

  test('a keyed error reports its key', async () => {
    const fake = fakeFetch([{ status: 201, body: {} }]);
    const result = await novasend(fake.fetch).post('/v1/payin/sessions', { body: payinBody, idempotencyKey: 'k-1' });
    expect(result.idempotencyKey).toBe('k-1');
    expect(fake.requests[0]!.headers.get('X-Idempotency-Key')).toBe('k-1');
  });
});

describe('request ids (Chari Money C-Request-Id)', () => {
  test('a new id per call, the same id across its retries, exposed on the result', async () => {
    const fake = fakeFetch([
      { status: 503, headers: NOW },
      { status: 200, body: { data: { balance: 1 } } },
    ]);
    const client = chariMoney(fake.fetch);
    const first = await client.get('/api/customers/balance', {
      params: { query: { PhoneNumber: '+212711111111' } },
    } as never);
    const second = await client.get('/api/customers/balance', {
      params: { query: { PhoneNumber: '+212711111111' } },
    } as never);
    const ids = fake.requests.map((r) => r.headers.get('C-Request-Id'));
    expect(ids).toHaveLength(3);
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(first.requestId).toBe(ids[0]);
    expect(second.requestId).toBe(ids[2]);
  });

  test("the caller's requestId is sent and exposed, on results and errors", async () => {
    const fake = fakeFetch([
      { status: 200, body: { data: {} } },
      { status: 400, body: { errorCode: 10001, errorDescription: 'Missing Parameters.' } },
    ]);
    const client = chariMoney(fake.fetch);
    const result = await client.get('/api/customers/balance', { requestId: 'trace-1' } as never);
    const error = (await rejection(
      client.get('/api/customers/balance', { requestId: 'trace-2' } as never),
    )) as InvalidRequestError;
    expect(fake.requests.map((r) => r.headers.get('C-Request-Id'))).toEqual(['trace-1', 'trace-2']);
    expect(result.requestId).toBe('trace-1');
    expect(error.requestId).toBe('trace-2');
  });

  test('providers without a request-id header send none', async () => {
    const fake = fakeFetch([{ status: 200, body: payment }]);
    await chariPay(fake.fetch).get('/v1/payments/{id}', { params: { path: { id: 'pay_1' } } });
    expect(fake.requests[0]!.headers.has('C-Request-Id')).toBe(false);
  });
});

describe('timeouts and cancellation', () => {
  test('a silent server becomes a TimeoutError', async () => {
    const fake = hangingFetch();
    const error = (await rejection(
      chariPay(fake.fetch, { timeoutMs: 10, maxRetries: 0 }).get('/v1/payments/{id}', {
        params: { path: { id: 'pay_1' } },
      }),
    )) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.kind).toBe('timeout');
    expect(error.retries).toBe(0);
    expect(error.message).toBe('chari-pay did not answer GET /v1/payments/{id} within 10 ms (attempt 1).');
  });

  test('timeoutMs per call overrides the client option', async () => {
    const fake = hangingFetch();
    const error = await rejection(
      chariPay(fake.fetch, { timeoutMs: 60_000, maxRetries: 0 }).get('/v1/payments/{id}', {
        params: { path: { id: 'pay_1' } },
        timeoutMs: 5,
      }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
  });

  test("the caller's AbortSignal aborts the call, without retry and without becoming a timeout", async () => {
    const fake = hangingFetch();
    const controller = new AbortController();
    const call = chariPay(fake.fetch, { maxRetries: 2 }).get('/v1/payments/{id}', {
      params: { path: { id: 'pay_1' } },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 5);
    const error = (await rejection(call)) as Error;
    expect(error).not.toBeInstanceOf(PaymentApiError);
    expect(error.name).toBe('AbortError');
    expect(fake.requests).toHaveLength(1);
  });

  test('an already-aborted signal fails the call with its AbortError', async () => {
    const fake = fakeFetch([{ status: 200, body: payment }]);
    const error = (await rejection(
      chariPay(fake.fetch).get('/v1/payments/{id}', { params: { path: { id: 'pay_1' } }, signal: AbortSignal.abort() }),
    )) as Error;
    expect(error.name).toBe('AbortError');
  });

  test('a connection failure is a ConnectionError naming the call', async () => {
    const fake = fakeFetch([connectionRefused()]);
    const error = (await rejection(
      chariPay(fake.fetch, { maxRetries: 0 }).get('/v1/payments/{id}', { params: { path: { id: 'pay_1' } } }),
    )) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe('Could not reach chari-pay for GET /v1/payments/{id}: fetch failed.');
  });
});

describe('Chari Money envelope', () => {
  test('the throwing style returns what is inside { data }; the fetch style keeps the body as sent', async () => {
    const balance = { Balance: 1250.5, Currency: 'MAD' };
    const fake = fakeFetch([{ status: 200, body: { data: balance } }]);
    const client = chariMoney(fake.fetch);
    const unwrapped = await client.get('/api/customers/balance', {} as never);
    const raw = await client.GET('/api/customers/balance', {} as never);
    expect(unwrapped.data).toEqual(balance);
    expect(raw.data).toEqual({ data: balance });
  });

  test('other providers are not unwrapped', async () => {
    const fake = fakeFetch([{ status: 200, body: { data: [payment], has_more: false } }]);
    const result = await chariPay(fake.fetch).get('/v1/payments');
    expect(result.data).toEqual({ data: [payment], has_more: false });
  });
});

describe('validation against the spec', () => {
  test("validate: 'requests' rejects a bad body before any fetch", async () => {
    const fake = fakeFetch([{ status: 201, body: payment }]);
    const { reference: _, ...withoutReference } = createPaymentBody;
    const error = (await rejection(
      chariPay(fake.fetch, { validate: 'requests' }).post('/v1/payments', {
        body: withoutReference as typeof createPaymentBody,
      }),
    )) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toMatch(
      /^Request body for createPayment does not match the chari-pay spec: .*reference.*Fix the body before sending\.$/,
    );
    expect(fake.requests).toHaveLength(0);
  });

  test("validate: 'requests' lets a valid body through", async () => {
    const fake = fakeFetch([{ status: 201, body: payment }]);
    await chariPay(fake.fetch, { validate: 'requests' }).post('/v1/payments', { body: createPaymentBody });
    expect(fake.requests).toHaveLength(1);
  });

  test("validate: 'responses' rejects a body that violates the schema", async () => {
    const fake = fakeFetch([{ status: 200, body: { id: 'pay_1', status: 'teleported' } }]);
    const error = (await rejection(
      chariPay(fake.fetch, { validate: 'responses' }).get('/v1/payments/{id}', { params: { path: { id: 'pay_1' } } }),
    )) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/^chari-pay answered getPayment with a 200 body that does not match the spec: /);
    expect(error.status).toBe(200);
  });

  test("validate: 'responses' rejects a status the spec does not document", async () => {
    const fake = fakeFetch([{ status: 418, body: {} }]);
    const error = (await rejection(
      chariPay(fake.fetch, { validate: 'responses' }).get('/v1/payments/{id}', { params: { path: { id: 'pay_1' } } }),
    )) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toBe('chari-pay answered 418 to getPayment, a status its spec does not document.');
  });

  test("validate: 'responses' still reports an undocumented 5xx as a ServerError, after the retries", async () => {
    const fake = fakeFetch([{ status: 502, body: { upstream: 'down' }, headers: { 'Retry-After': '0' } }]);
    const error = (await rejection(
      chariPay(fake.fetch, { validate: 'responses', maxRetries: 1 }).get('/v1/payments/{id}', {
        params: { path: { id: 'pay_1' } },
      }),
    )) as PaymentApiError;
    expect(error.kind).toBe('server');
    expect(error.status).toBe(502);
    expect(error.retries).toBe(1);
  });

  test("validate: 'responses' accepts the spec's own example", async () => {
    type Documented = { get: { responses: Record<string, { content: Record<string, { example: object }> }> } };
    const paths = chariPaySpec.paths as unknown as Record<string, Documented>;
    const example = paths['/v1/payments/{id}']?.get.responses['200']?.content['application/json']?.example;
    const fake = fakeFetch([{ status: 200, body: example }]);
    const result = await chariPay(fake.fetch, { validate: 'responses' }).get('/v1/payments/{id}', {
      params: { path: { id: 'pay_1' } },
    });
    expect(result.data).toEqual(example);
  });
});

describe('options are checked when the client is built', () => {
  const cases: [string, { build: () => unknown; want: RegExp }][] = [
    [
      'a negative timeout',
      { build: () => chariPay(undefined, { timeoutMs: -1 }), want: /^timeoutMs must be a whole number ≥ 0, got -1\.$/ },
    ],
    [
      'a fractional maxRetries',
      {
        build: () => chariPay(undefined, { maxRetries: 1.5 }),
        want: /^maxRetries must be a whole number ≥ 0, got 1\.5\.$/,
      },
    ],
    [
      'a relative baseUrl',
      {
        build: () => chariPay(undefined, { baseUrl: 'api.charipay.ma' }),
        want: /^baseUrl "api\.charipay\.ma" is not an absolute URL; pass e\.g\. "http:\/\/127\.0\.0\.1:4010"\.$/,
      },
    ],
    [
      'an unknown environment',
      {
        build: () => createChariPayClient({ secretKey: 's', environment: 'staging' as 'sandbox' }),
        want: /^environment must be "sandbox" or "production", got "staging"\.$/,
      },
    ],
    [
      'an unknown validate mode',
      {
        build: () => chariPay(undefined, { validate: 'all' as 'both' }),
        want: /^validate must be "off", "requests", "responses" or "both", got "all"\.$/,
      },
    ],
    [
      'a missing Chari Pay secret key',
      {
        build: () => createChariPayClient({} as never),
        want: /^chari-pay: the secretKey option is required \(a string\)\./,
      },
    ],
    [
      'a missing Chari Money API key',
      { build: () => createChariMoneyClient({ apiKey: '' }), want: /^chari-money: the apiKey option is required/ },
    ],
    [
      'a missing Haloubi API key',
      {
        build: () => createHaloubiGatewayClient(undefined as never),
        want: /^haloubi-gateway: the apiKey option is required/,
      },
    ],
    [
      'a missing AlyaPay API key',
      { build: () => createAlyaPayClient({} as never), want: /^alyapay: the apiKey option is required/ },
    ],
    [
      'a missing Novasend api_client',
      {
        build: () => createNovasendClient({ apiKey: 'k' } as never),
        want: /^novasend: the apiClient option is required/,
      },
    ],
  ];
  test.each(cases)('%s is a clear TypeError', (_, { build, want }) => {
    expect(build).toThrow(TypeError);
    expect(build).toThrow(want);
  });
});

describe('environments come from the spec servers', () => {
  const specs: [string, OpenApiDocument, (options: Partial<CommonClientOptions>) => { baseUrl: string }][] = [
    ['chari-money', chariMoneySpec, (o) => createChariMoneyClient({ apiKey: 'k', ...o })],
    ['chari-pay', chariPaySpec, (o) => createChariPayClient({ secretKey: 'k', ...o })],
    ['haloubi-gateway', haloubiSpec, (o) => createHaloubiGatewayClient({ apiKey: 'k', ...o })],
    ['alyapay', alyapaySpec, (o) => createAlyaPayClient({ apiKey: 'k', ...o })],
    ['novasend', novasendSpec, (o) => createNovasendClient({ apiKey: 'k', apiClient: 'c', ...o })],
  ];
  test.each(specs)('%s: production and the sandbox default', (_, spec, build) => {
    const server = (environment: string) =>
      listServers(spec)
        .find((s) => s.environment === environment)!
        .url.replace(/\/+$/, '');
    expect(build({ environment: 'production' }).baseUrl).toBe(server('production'));
    expect(build({}).baseUrl).toBe(server('sandbox'));
    expect(build({ environment: 'production', baseUrl: `${BASE}/` }).baseUrl).toBe(BASE);
  });

  test('a production call goes to the production host', async () => {
    const fake = fakeFetch([{ status: 200, body: payment }]);
    await chariPay(fake.fetch, { baseUrl: undefined, environment: 'production' }).get('/v1/payments/{id}', {
      params: { path: { id: 'pay_1' } },
    });
    expect(fake.requests[0]!.url.origin).toBe(
      new URL(listServers(chariPaySpec).find((s) => s.environment === 'production')!.url).origin,
    );
  });
});

describe('calls outside the spec', () => {
  test('an unknown path is refused before any request', async () => {
    const fake = fakeFetch([json(200, {})]);
    const untyped = chariPay(fake.fetch) as unknown as { get(path: string): Promise<unknown> };
    await expect(untyped.get('/v1/nope')).rejects.toThrow('chari-pay has no operation GET /v1/nope in its spec.');
    expect(fake.requests).toHaveLength(0);
  });

  test('a coming-soon operation is refused before any request', async () => {
    const fake = fakeFetch([json(200, {})]);
    // Outside the types on purpose: the client also refuses it at run time, e.g. from untyped JavaScript.
    await expect(chariMoney(fake.fetch).post('/api/customers/pin/reset' as never, {} as never)).rejects.toThrow(
      /documents POST \/api\/customers\/pin\/reset \(resetCustomerPin\) as coming soon/,
    );
    expect(fake.requests).toHaveLength(0);
  });
});

describe('authentication reads the spec security schemes', () => {
  test.each([
    ['chari-money', () => chariMoney, 'Chari-Api-Key', 'cm_test_1'],
    ['chari-pay', () => chariPay, 'Authorization', 'Bearer sk_test_1'],
    ['haloubi-gateway', () => haloubi, 'X-API-Key', 'hk_test_1'],
    ['novasend', () => novasend, 'Authorization', `Basic ${Buffer.from('nk:nc').toString('base64')}`],
  ] as const)('%s', async (slug, factory, header, want) => {
    const fake = fakeFetch([{ status: 200, body: slug === 'chari-money' ? { data: {} } : {} }]);
    const client = factory()(fake.fetch) as unknown as { get(path: string, init?: unknown): Promise<unknown> };
    const path = {
      'chari-money': '/api/customers/balance',
      'chari-pay': '/v1/payments',
      'haloubi-gateway': '/api/v1/transactions',
      novasend: '/v1/payin/{reference}',
    }[slug];
    await client.get(path, { params: { path: { reference: 'r' } } });
    expect(fake.requests[0]!.headers.get(header)).toBe(want);
  });
});
