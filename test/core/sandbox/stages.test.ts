import { describe, expect, test } from 'vitest';
import { parseRequestTarget } from '../../../src/core/sandbox/route.js';
import { startSandboxServer } from '../../../src/core/sandbox/server.js';
import { inexactNumber } from '../../../src/core/sandbox/stages/body.js';
import { documentsStatus } from '../../../src/core/sandbox/stages/response-check.js';
import type { SandboxDefinition } from '../../../src/core/sandbox/types.js';
import { alyapaySandbox } from '../../../src/providers/alyapay/sandbox/index.js';
import { chariMoneySandbox } from '../../../src/providers/chari-money/sandbox/index.js';
import { chariPaySandbox } from '../../../src/providers/chari-pay/sandbox/index.js';
import { haloubiGatewaySandbox } from '../../../src/providers/haloubi-gateway/sandbox/index.js';
import { novasendSandbox } from '../../../src/providers/novasend/sandbox/index.js';

describe('route: the request target', () => {
  test.each([
    ['/api/v1/payments?limit=2', '/api/v1/payments', '?limit=2'],
    ['//a:b', '//a:b', ''],
    ['//[', '//[', ''],
    ['http://evil.example/api/v1/payments', '/api/v1/payments', ''],
    ['http://[', undefined, undefined],
    ['http://%zz/', undefined, undefined],
  ])('%s', (target, pathname, search) => {
    const url = parseRequestTarget(target);
    expect(url?.pathname).toBe(pathname);
    expect(url?.search).toBe(search);
    if (url) expect(url.host).toBe('sandbox');
  });
});

describe('response check: a documented status, as clients read ranges', () => {
  test.each([
    [['200', '404'], 200, true],
    [['200', '404'], 409, false],
    [['200', '4XX'], 422, true],
    [['200', '4XX'], 500, false],
    [['201', 'default'], 503, true],
  ] as const)('%j documents %i: %s', (documented, status, want) => {
    expect(documentsStatus(documented, status)).toBe(want);
  });
});

describe('body: numbers JSON cannot hold exactly', () => {
  test.each([
    ['finite', { amount: 1000 }, undefined],
    ['a decimal', { price: 17.99 }, undefined],
    ['the largest safe integer', { amount: 9007199254740991 }, undefined],
    ['Infinity from 1e400', JSON.parse('{"amount":1e400}'), '/amount'],
    ['-Infinity nested', JSON.parse('{"card":{"n":-1e400}}'), '/card/n'],
    ['an unsafe integer', JSON.parse('{"amount":9007199254740993}'), '/amount'],
    ['in an array', JSON.parse('{"items":[{"quantity":1},{"quantity":1e309}]}'), '/items/1/quantity'],
  ])('%s', (_name, body, pointer) => {
    expect(inexactNumber(body)?.instancePath).toBe(pointer);
  });
});

/** A sandbox whose handler for one operation throws: a sandbox bug, never the caller's fault. */
describe('handler: a sandbox bug is answered as one', () => {
  const planted = () => {
    throw new Error('planted sandbox bug');
  };
  const cases: [string, SandboxDefinition<never>, string, string, Record<string, string>, number, RegExp][] = [
    [
      'haloubi-gateway',
      haloubiGatewaySandbox as never,
      'getPayment',
      '/api/v1/payments/pay_1',
      { 'x-api-key': 'test_key' },
      409,
      /sandbox/,
    ],
    [
      'chari-pay',
      chariPaySandbox as never,
      'getPayment',
      '/v1/payments/pay_1',
      { authorization: 'Bearer test_key' },
      500,
      /sandbox bug/,
    ],
    [
      'novasend',
      novasendSandbox as never,
      'getPayin',
      '/v1/payin/ref-1',
      { authorization: `Basic ${Buffer.from('test_key:test_client').toString('base64')}` },
      500,
      /bug in the sandbox/,
    ],
    [
      'chari-money',
      chariMoneySandbox as never,
      'getCustomerStatus',
      '/api/customers/status?PhoneNumber=%2B212611223344',
      { 'chari-api-key': 'test_key' },
      500,
      /sandbox bug/,
    ],
    [
      'alyapay',
      alyapaySandbox as never,
      'createSession',
      '/api/v1/public/sessions',
      { 'x-api-key': 'test_key' },
      500,
      /bug in the sandbox/,
    ],
  ];
  test.each(cases)('%s', async (_slug, definition, operationId, path, headers, status, message) => {
    const broken = { ...definition, handlers: { ...definition.handlers, [operationId]: planted } };
    const sandbox = await startSandboxServer(broken, { rateLimit: false });
    try {
      const post = operationId === 'createSession';
      const response = await fetch(`${sandbox.url}${path}`, {
        method: post ? 'POST' : 'GET',
        headers: { ...headers, ...(post ? { 'content-type': 'application/json' } : {}) },
        body: post
          ? JSON.stringify({
              total: '10.00',
              currency: 'MAD',
              items: [{ id: 'P1', name: 'Hat', price: 10, quantity: 1 }],
            })
          : undefined,
      });
      expect(response.status).toBe(status);
      expect(await response.text()).toMatch(message);
      expect(sandbox.internalErrors).toHaveLength(1);
      expect(sandbox.internalErrors[0]).toContain('planted sandbox bug');
      // Not a 400: the caller's request was fine.
      expect(response.status).not.toBe(400);
    } finally {
      await sandbox.close();
    }
  });
});
