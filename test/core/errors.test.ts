import { describe, expect, test } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  errorForStatus,
  GoneError,
  InvalidRequestError,
  NotFoundError,
  PaymentApiError,
  PaymentDeclinedError,
  type PaymentErrorKind,
  RateLimitError,
  ServerError,
} from '../../src/core/errors.js';

describe('errorForStatus: one table from status to error class', () => {
  const cases: [string, { given: number; want: [typeof PaymentApiError, PaymentErrorKind] }][] = [
    ['400 invalid request', { given: 400, want: [InvalidRequestError, 'invalid_request'] }],
    ['422 invalid request', { given: 422, want: [InvalidRequestError, 'invalid_request'] }],
    ['401 authentication', { given: 401, want: [AuthenticationError, 'authentication'] }],
    ['403 authentication', { given: 403, want: [AuthenticationError, 'authentication'] }],
    ['402 payment declined', { given: 402, want: [PaymentDeclinedError, 'payment_declined'] }],
    ['404 not found', { given: 404, want: [NotFoundError, 'not_found'] }],
    ['409 conflict', { given: 409, want: [ConflictError, 'conflict'] }],
    ['410 gone', { given: 410, want: [GoneError, 'gone'] }],
    ['429 rate limited', { given: 429, want: [RateLimitError, 'rate_limited'] }],
    ['500 server', { given: 500, want: [ServerError, 'server'] }],
    ['503 server', { given: 503, want: [ServerError, 'server'] }],
    ['418 falls back to the base class', { given: 418, want: [PaymentApiError, 'api'] }],
  ];
  test.each(cases)('%s', (_, { given, want: [Type, kind] }) => {
    const error = errorForStatus(given, { provider: 'chari-pay', retries: 0 });
    expect(error).toBeInstanceOf(Type);
    expect(error).toBeInstanceOf(PaymentApiError);
    expect(error.constructor).toBe(Type);
    expect(error.kind).toBe(kind);
    expect(error.name).toBe(Type.name);
    expect(error.status).toBe(given);
  });
});

test('the message is one sentence with the status, code, provider message, call and retries', () => {
  const error = errorForStatus(409, {
    provider: 'haloubi-gateway',
    code: 'idempotency_key_mismatch',
    providerMessage: 'This Idempotency-Key was already used with a different request body.',
    retries: 1,
    method: 'POST',
    path: '/api/v1/payments/authorize',
    requestId: 'req_1',
  });
  expect(error.message).toBe(
    'haloubi-gateway answered 409 [idempotency_key_mismatch]: This Idempotency-Key was already used with a different request body. on POST /api/v1/payments/authorize after 1 retry.',
  );
});

test('JSON.stringify gives the fields a log needs, and no cause', () => {
  const error = errorForStatus(404, {
    provider: 'novasend',
    code: 'PAYIN_NOT_FOUND',
    providerMessage: 'Payin not found',
    retries: 0,
    method: 'GET',
    path: '/v1/payin/{reference}',
    body: { code: 'PAYIN_NOT_FOUND' },
    cause: new Error('inner'),
  });
  expect(JSON.parse(JSON.stringify(error))).toEqual({
    name: 'NotFoundError',
    kind: 'not_found',
    message: 'novasend answered 404 [PAYIN_NOT_FOUND]: Payin not found on GET /v1/payin/{reference}.',
    provider: 'novasend',
    status: 404,
    code: 'PAYIN_NOT_FOUND',
    providerMessage: 'Payin not found',
    retries: 0,
    method: 'GET',
    path: '/v1/payin/{reference}',
    body: { code: 'PAYIN_NOT_FOUND' },
  });
});

test('secrets handed to an error are scrubbed and not kept', () => {
  const error = errorForStatus(401, {
    provider: 'alyapay',
    providerMessage: 'Key sk_live_42 is invalid',
    body: { echo: 'sk_live_42' },
    retries: 0,
    secrets: ['sk_live_42'],
  });
  expect(error.message).toBe('alyapay answered 401: Key [REDACTED] is invalid.');
  expect(error.providerMessage).toBe('Key [REDACTED] is invalid');
  expect(error.body).toEqual({ echo: '[REDACTED]' });
  expect(JSON.stringify(error)).not.toContain('sk_live_42');
  expect(Object.values(error)).not.toContainEqual(['sk_live_42']);
});
