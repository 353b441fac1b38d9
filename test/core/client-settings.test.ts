import { describe, expect, test } from 'vitest';
import { credentialSecrets, resolveClientContext, splitCallOptions } from '../../src/core/client/settings.js';
import { VALIDATE_MODES, type ValidateMode } from '../../src/core/client/types.js';
import { chariPay } from '../../src/providers/chari-pay/client.js';

describe('validate modes', () => {
  test('the documented four, once', () => {
    expect(VALIDATE_MODES).toEqual(['off', 'requests', 'responses', 'both']);
  });

  const cases: [
    string,
    { given: ValidateMode | undefined; want: { validateRequests: boolean; validateResponses: boolean } },
  ][] = [
    ['default is off', { given: undefined, want: { validateRequests: false, validateResponses: false } }],
    ['off', { given: 'off', want: { validateRequests: false, validateResponses: false } }],
    ['requests', { given: 'requests', want: { validateRequests: true, validateResponses: false } }],
    ['responses', { given: 'responses', want: { validateRequests: false, validateResponses: true } }],
    ['both', { given: 'both', want: { validateRequests: true, validateResponses: true } }],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    const ctx = resolveClientContext(chariPay, { SecretKey: 's' }, { baseUrl: 'http://127.0.0.1:1', validate: given });
    expect({ validateRequests: ctx.validateRequests, validateResponses: ctx.validateResponses }).toEqual(want);
  });
});

describe('resolveClientContext defaults (README: timeoutMs 30000, maxRetries 2)', () => {
  test('defaults', () => {
    const ctx = resolveClientContext(chariPay, { SecretKey: 's' }, { baseUrl: 'http://127.0.0.1:1/' });
    expect(ctx).toMatchObject({ timeoutMs: 30_000, maxRetries: 2, baseUrl: 'http://127.0.0.1:1', enveloped: false });
  });
});

describe('splitCallOptions', () => {
  const signal = new AbortController().signal;
  const cases: [string, { given: Record<string, unknown> | undefined; want: { rest: object; call: object } }][] = [
    ['nothing', { given: undefined, want: { rest: {}, call: {} } }],
    [
      'openapi-fetch options stay, call options move',
      {
        given: {
          params: { path: { id: 'p' } },
          body: { a: 1 },
          timeoutMs: 5,
          maxRetries: 0,
          idempotencyKey: 'k',
          requestId: 'r',
        },
        want: {
          rest: { params: { path: { id: 'p' } }, body: { a: 1 } },
          call: { timeoutMs: 5, maxRetries: 0, idempotencyKey: 'k', requestId: 'r' },
        },
      },
    ],
    ['the signal moves to the call', { given: { signal }, want: { rest: {}, call: { signal } } }],
    ['a signal that is not an AbortSignal is dropped', { given: { signal: 'no' }, want: { rest: {}, call: {} } }],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    expect(splitCallOptions(given)).toEqual(want);
  });
});

describe('credentialSecrets: what every error scrubs', () => {
  const cases: [string, { given: Parameters<typeof credentialSecrets>[0]; want: string[] }][] = [
    ['an API key', { given: { ApiKeyAuth: 'hk_1' }, want: ['hk_1'] }],
    ['an unset optional credential', { given: { ApiKeyAuth: 'hk_1', ClientSecret: undefined }, want: ['hk_1'] }],
    [
      'Basic auth: both halves and the encoded pair',
      { given: { BasicAuth: { username: 'nk', password: 'nc' } }, want: ['nk', 'nc', 'bms6bmM='] },
    ],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    expect(credentialSecrets(given)).toEqual(want);
  });
});
