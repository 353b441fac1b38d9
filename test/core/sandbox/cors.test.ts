import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { startSandbox } from '../../../src/sandbox/index.js';

const SHOP = 'http://shop.example:3000';
const DOCS = 'http://127.0.0.1:8080';
const CONFIRM = '/api/public/payment-intents/pi_x/confirm';
const AUTHORIZE = '/api/v1/payments/authorize';

function preflight(sandbox: RunningSandbox, path: string, origin: string | undefined, method: string, headers = '') {
  return fetch(`${sandbox.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      ...(origin ? { origin } : {}),
      'access-control-request-method': method,
      ...(headers ? { 'access-control-request-headers': headers } : {}),
    },
  });
}

describe('CORS: Haloubi public intent endpoints answer any origin, merchant endpoints only --cors-origin', () => {
  let sandbox: RunningSandbox;
  let opened: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox('haloubi-gateway');
    opened = await startSandbox('haloubi-gateway', { corsOrigins: [DOCS] });
  });
  afterAll(async () => {
    await sandbox.close();
    await opened.close();
  });

  test('a preflight for the public confirm endpoint from a shop page is allowed, with its method and headers', async () => {
    const res = await preflight(sandbox, CONFIRM, SHOP, 'POST', 'content-type');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')?.split(', ')).toContain('content-type');
    expect(res.headers.get('access-control-allow-headers')?.split(', ')).not.toContain('x-api-key');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  test('the public GET of an intent carries Access-Control-Allow-Origin for the calling page', async () => {
    const res = await fetch(`${sandbox.url}/api/public/payment-intents/pi_missing?client_secret=x`, {
      headers: { origin: SHOP },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  test('a merchant endpoint refuses a cross-origin preflight, and says how to open it', async () => {
    const res = await preflight(sandbox, AUTHORIZE, SHOP, 'POST', 'content-type, x-api-key');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('cross_origin_refused');
    expect(body.error.message).toContain('--cors-origin http://shop.example:3000');
  });

  test('a merchant endpoint answers no Access-Control-Allow-Origin to a page elsewhere', async () => {
    const res = await fetch(`${sandbox.url}${AUTHORIZE}`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json', 'x-api-key': 'test_key' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('--cors-origin opens the merchant endpoints to that origin only, with the API key header', async () => {
    const allowed = await preflight(opened, AUTHORIZE, DOCS, 'POST', 'content-type, x-api-key');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(DOCS);
    expect(allowed.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
      expect.arrayContaining(['content-type', 'x-api-key', 'idempotency-key']),
    );
    expect((await preflight(opened, AUTHORIZE, SHOP, 'POST')).status).toBe(403);
  });

  test('Haloubi documents no response header, so a reply exposes none', async () => {
    const res = await fetch(`${opened.url}/api/v1/transactions?limit=1`, {
      headers: { origin: DOCS, 'x-api-key': 'test_key' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(DOCS);
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
  });

  test('OPTIONS that is no preflight is answered as the provider answers an unknown route', async () => {
    const res = await preflight(sandbox, AUTHORIZE, undefined, 'POST');
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a preflight for a method the path does not have is refused', async () => {
    const res = await preflight(sandbox, CONFIRM, SHOP, 'DELETE');
    expect(res.status).toBe(405);
  });
});

test('a reply to an opened origin exposes the headers the spec documents (Chari Pay rate-limit headers)', async () => {
  const chariPay = await startSandbox('chari-pay', { corsOrigins: [DOCS] });
  try {
    const res = await fetch(`${chariPay.url}/v1/payments/pay_missing`, {
      headers: { origin: DOCS, authorization: 'Bearer test_key' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe(DOCS);
    expect(res.headers.get('access-control-expose-headers')?.split(', ')).toContain('x-ratelimit-remaining');
  } finally {
    await chariPay.close();
  }
});

describe('CORS origins are checked when the sandbox starts', () => {
  test.each(['localhost:8080', 'http://127.0.0.1:8080/docs', 'ftp://127.0.0.1', '*'])(
    '%s is refused',
    async (origin) => {
      await expect(startSandbox('haloubi-gateway', { corsOrigins: [origin] })).rejects.toThrow(/is not an origin/);
    },
  );
});
