import { describe, expect, test } from 'vitest';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import { answeredRequestId, checkResponse, type FetchResult, toApiResult } from '../../src/core/client/response.js';
import { resolveClientContext } from '../../src/core/client/settings.js';
import type { ProviderDefinition } from '../../src/core/client/types.js';
import {
  AuthenticationError,
  InvalidRequestError,
  type PaymentApiError,
  PaymentDeclinedError,
  ResponseValidationError,
  ServerError,
} from '../../src/core/errors.js';
import { OperationIndex } from '../../src/core/operation-index.js';
import { chariMoney } from '../../src/providers/chari-money/client.js';
import { chariPay } from '../../src/providers/chari-pay/client.js';
import { haloubiGateway } from '../../src/providers/haloubi-gateway/client.js';
import { json } from './fake-fetch.js';

const BASE = 'http://127.0.0.1:4010';
const contextOf = (provider: ProviderDefinition, credentials: Record<string, string>) =>
  resolveClientContext(provider, credentials, { baseUrl: BASE, validate: 'responses' });
const operation = (provider: ProviderDefinition, method: string, path: string) => {
  const op = new OperationIndex(provider.spec).find(method, path);
  if (!op) throw new Error(`test setup: ${method} ${path} is not in the ${provider.slug} spec`);
  return op;
};

describe('answeredRequestId', () => {
  const chariMoneyBalance = operation(chariMoney, 'get', '/api/customers/balance');
  const chariPayPayment = operation(chariPay, 'get', '/v1/payments/{id}');
  const cases: [
    string,
    { given: { op: typeof chariPayPayment; headers: Record<string, string>; sent?: string }; want: string | undefined },
  ][] = [
    [
      "the provider's echo of its tracing header wins",
      { given: { op: chariMoneyBalance, headers: { 'C-Request-Id': 'echoed' }, sent: 'sent' }, want: 'echoed' },
    ],
    ['no echo: the id that was sent', { given: { op: chariMoneyBalance, headers: {}, sent: 'sent' }, want: 'sent' }],
    [
      'no tracing header: a generic X-Request-Id',
      { given: { op: chariPayPayment, headers: { 'X-Request-Id': 'req_9' } }, want: 'req_9' },
    ],
    ['nothing at all', { given: { op: chariPayPayment, headers: {} }, want: undefined }],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    expect(answeredRequestId(given.op, new Response(null, { headers: given.headers }), given.sent)).toBe(want);
  });
});

describe('checkResponse (validate: responses)', () => {
  const ctx = contextOf(chariPay, { SecretKey: 'sk_test_1' });
  const op = operation(chariPay, 'get', '/v1/payments/{id}');
  type Documented = { get: { responses: Record<string, { content: Record<string, { example: object }> }> } };
  const paths = chariPaySpec.paths as unknown as Record<string, Documented>;
  const example = paths['/v1/payments/{id}']?.get.responses['200']?.content['application/json']?.example;
  const cases: [string, { given: Response; want: RegExp | undefined }][] = [
    ["the spec's own 200 example passes", { given: json(200, example), want: undefined }],
    [
      'a 200 body with an unknown status fails',
      {
        given: json(200, { ...example, status: 'teleported' }),
        want: /^chari-pay answered getPayment with a 200 body that does not match the spec: /,
      },
    ],
    [
      'an undocumented 418 fails',
      { given: json(418, {}), want: /^chari-pay answered 418 to getPayment, a status its spec does not document\.$/ },
    ],
    ['an undocumented 502 passes: it is a server failure, not a breach', { given: json(502, {}), want: undefined }],
  ];
  test.each(cases)('%s', async (_, { given, want }) => {
    const checked = checkResponse(ctx, op, given, { retries: 0 });
    if (want === undefined) await expect(checked).resolves.toBeUndefined();
    else {
      const error = await checked.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as Error).message).toMatch(want);
    }
  });

  test('the body stays readable for openapi-fetch after the check', async () => {
    const response = json(200, example);
    await checkResponse(ctx, op, response, { retries: 0 });
    expect(await response.json()).toEqual(example);
  });
});

describe('toApiResult: the throwing style', () => {
  const haloubi = contextOf(haloubiGateway, { ApiKeyAuth: 'hk_test_1' });
  const money = contextOf(chariMoney, { ChariApiKey: 'cm_test_1' });
  const result = (status: number, body: unknown): FetchResult => ({
    ...(status < 300 ? { data: body } : { error: body }),
    response: new Response(null, { status: status === 204 ? 204 : status }),
    retries: 1,
    requestId: 'r-1',
    idempotencyKey: 'k-1',
  });
  const cases: [
    string,
    {
      given: { ctx: typeof haloubi; parse: ProviderDefinition['parseError']; status: number; body: unknown };
      want: { data: unknown } | [typeof PaymentApiError, string | number | undefined, string];
    },
  ][] = [
    [
      'Haloubi decline: 402 with the issuer code',
      {
        given: {
          ctx: haloubi,
          parse: haloubiGateway.parseError,
          status: 402,
          body: {
            error: { type: 'card_declined', code: 'card_declined', decline_code: '51', message: 'Insufficient funds' },
          },
        },
        want: [
          PaymentDeclinedError,
          '51',
          'haloubi-gateway answered 402 [51]: Insufficient funds on POST /api/v1/payments/authorize after 1 retry.',
        ],
      },
    ],
    [
      'Chari Money 400 with errorCode',
      {
        given: {
          ctx: money,
          parse: chariMoney.parseError,
          status: 400,
          body: { errorCode: 10001, errorDescription: 'Missing Parameters.' },
        },
        want: [
          InvalidRequestError,
          10001,
          'chari-money answered 400 [10001]: Missing Parameters. on POST /api/v1/payments/authorize after 1 retry.',
        ],
      },
    ],
    [
      'a 401 whose message echoes the key is scrubbed',
      {
        given: {
          ctx: haloubi,
          parse: haloubiGateway.parseError,
          status: 401,
          body: { error: { type: 'authentication_error', code: 'invalid_api_key', message: 'bad key hk_test_1' } },
        },
        want: [
          AuthenticationError,
          'invalid_api_key',
          'haloubi-gateway answered 401 [invalid_api_key]: bad key [REDACTED] on POST /api/v1/payments/authorize after 1 retry.',
        ],
      },
    ],
    [
      'a 503 without a body',
      {
        given: { ctx: haloubi, parse: haloubiGateway.parseError, status: 503, body: undefined },
        want: [
          ServerError,
          undefined,
          'haloubi-gateway answered 503 on POST /api/v1/payments/authorize after 1 retry.',
        ],
      },
    ],
    [
      'Chari Money success is unwrapped from { data }',
      {
        given: { ctx: money, parse: chariMoney.parseError, status: 200, body: { data: { Balance: 1 } } },
        want: { data: { Balance: 1 } },
      },
    ],
    [
      'Haloubi success is returned as sent',
      {
        given: { ctx: haloubi, parse: haloubiGateway.parseError, status: 201, body: { data: [1] } },
        want: { data: { data: [1] } },
      },
    ],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    const run = () =>
      toApiResult(
        given.ctx,
        given.parse,
        { method: 'post', path: '/api/v1/payments/authorize' },
        result(given.status, given.body),
      );
    if (!Array.isArray(want)) {
      const answered = run();
      expect(answered.data).toEqual(want.data);
      expect(answered).toMatchObject({ status: given.status, retries: 1, requestId: 'r-1', idempotencyKey: 'k-1' });
      return;
    }
    const [Type, code, message] = want;
    let error: unknown;
    try {
      run();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(Type);
    expect((error as PaymentApiError).code).toBe(code);
    expect((error as PaymentApiError).message).toBe(message);
    expect((error as PaymentApiError).requestId).toBe('r-1');
  });
});
