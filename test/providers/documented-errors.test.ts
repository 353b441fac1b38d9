/**
 * Every error example a spec documents, served with its status, comes back as the right error class with the
 * provider's own code and message read from it. The table is built from generated/<slug>/openapi.json, so a new
 * documented error is tested without touching this file.
 */
import { describe, expect, test } from 'vitest';
import alyapaySpec from '../../generated/alyapay/spec.js';
import chariMoneySpec from '../../generated/chari-money/spec.js';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiSpec from '../../generated/haloubi-gateway/spec.js';
import novasendSpec from '../../generated/novasend/spec.js';
import type { CommonClientOptions } from '../../src/core/client.js';
import { field } from '../../src/core/error-body.js';
import {
  AuthenticationError,
  ConflictError,
  GoneError,
  InvalidRequestError,
  NotFoundError,
  PaymentApiError,
  PaymentDeclinedError,
  RateLimitError,
  ServerError,
} from '../../src/core/errors.js';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import { OperationIndex } from '../../src/core/operation-index.js';
import { createAlyaPayClient } from '../../src/providers/alyapay/index.js';
import { createChariMoneyClient } from '../../src/providers/chari-money/index.js';
import { createChariPayClient } from '../../src/providers/chari-pay/index.js';
import { createHaloubiGatewayClient } from '../../src/providers/haloubi-gateway/index.js';
import { createNovasendClient } from '../../src/providers/novasend/index.js';
import { fakeFetch } from '../core/fake-fetch.js';

type AnyCall = (path: string, init?: Record<string, unknown>) => Promise<unknown>;
type Build = (fetch: CommonClientOptions['fetch']) => unknown;

/** Where each provider's documented error body keeps its code and message (the "want" side of the table). */
const PROVIDERS: [
  slug: string,
  spec: OpenApiDocument,
  build: Build,
  want: (body: unknown) => { code: unknown; message: unknown },
][] = [
  [
    'chari-money',
    chariMoneySpec,
    (fetch) => createChariMoneyClient({ apiKey: 'k', baseUrl: 'http://x.test', fetch }),
    (b) => ({ code: field(b, 'errorCode'), message: field(b, 'errorDescription') }),
  ],
  [
    'chari-pay',
    chariPaySpec,
    (fetch) => createChariPayClient({ secretKey: 'k', baseUrl: 'http://x.test', fetch }),
    (b) => ({ code: field(b, 'error', 'code'), message: field(b, 'error', 'message') }),
  ],
  [
    'haloubi-gateway',
    haloubiSpec,
    (fetch) =>
      createHaloubiGatewayClient({ apiKey: 'k', clientSecret: 'pi_1_secret_2', baseUrl: 'http://x.test', fetch }),
    // A card decline's decline_code ("51") says more than its code ("card_declined").
    (b) => ({
      code: field(b, 'error', 'decline_code') ?? field(b, 'error', 'code'),
      message: field(b, 'error', 'message'),
    }),
  ],
  [
    'alyapay',
    alyapaySpec,
    (fetch) => createAlyaPayClient({ apiKey: 'k', sessionToken: 't', baseUrl: 'http://x.test', fetch }),
    (b) => ({ code: field(b, 'error'), message: field(b, 'message') }),
  ],
  [
    'novasend',
    novasendSpec,
    (fetch) => createNovasendClient({ apiKey: 'k', apiClient: 'c', baseUrl: 'http://x.test', fetch }),
    (b) => ({ code: field(b, 'code'), message: field(b, 'message') }),
  ],
];

const CLASS_BY_STATUS: Record<number, typeof PaymentApiError> = {
  400: InvalidRequestError,
  401: AuthenticationError,
  402: PaymentDeclinedError,
  403: AuthenticationError,
  404: NotFoundError,
  409: ConflictError,
  410: GoneError,
  422: InvalidRequestError,
  429: RateLimitError,
  500: ServerError,
  503: ServerError,
};

interface Case {
  operationId: string;
  method: string;
  path: string;
  status: number;
  example: string;
  body: unknown;
}

/** Every (operation, error status, documented example) of a spec, the same example body once per status. */
function documentedErrors(spec: OpenApiDocument): Case[] {
  const seen = new Set<string>();
  const cases: Case[] = [];
  for (const op of new OperationIndex(spec).available()) {
    for (const response of op.responses) {
      const status = Number(response.status);
      if (!(status >= 400)) continue;
      for (const example of response.body?.examples ?? []) {
        const key = `${status} ${JSON.stringify(example.value)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        cases.push({
          operationId: op.operationId,
          method: op.method,
          path: op.path,
          status,
          example: example.name,
          body: example.value,
        });
      }
    }
  }
  return cases;
}

describe.each(PROVIDERS)('%s documented errors', (slug, spec, build, want) => {
  const cases = documentedErrors(spec);

  test('the spec documents error examples to test', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  test.each(cases.map((c) => [`${c.status} ${c.operationId} (${c.example})`, c] as const))('%s', async (_, c) => {
    const fake = fakeFetch([{ status: c.status, body: c.body }]);
    const client = build(fake.fetch) as Record<string, AnyCall>;
    const pathParams = Object.fromEntries([...c.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name, 'x1']));
    const body = c.method === 'get' || c.method === 'delete' ? {} : { body: {} };
    const error = await client[c.method]!(c.path, { params: { path: pathParams }, ...body, maxRetries: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const { code, message } = want(c.body);
    expect(error).toBeInstanceOf(CLASS_BY_STATUS[c.status] ?? PaymentApiError);
    expect(error).toMatchObject({
      provider: slug,
      status: c.status,
      code,
      providerMessage: message,
      retries: 0,
      method: c.method.toUpperCase(),
      path: c.path,
    });
    expect((error as Error).message).toBe(
      `${slug} answered ${c.status} [${String(code)}]: ${String(message)} on ${c.method.toUpperCase()} ${c.path}.`,
    );
    expect(fake.requests).toHaveLength(1);
  });
});

test('an undocumented error body still maps by status, without a code', async () => {
  const fake = fakeFetch([{ status: 502, body: '<html>Bad Gateway</html>' }]);
  const client = createChariPayClient({ secretKey: 'k', baseUrl: 'http://x.test', fetch: fake.fetch, maxRetries: 0 });
  const error = (await client.get('/v1/payments').catch((e: unknown) => e)) as ServerError;
  expect(error).toBeInstanceOf(ServerError);
  expect(error.code).toBeUndefined();
  expect(error.message).toBe('chari-pay answered 502 on GET /v1/payments.');
});
