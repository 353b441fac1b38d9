import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RequestLog, RequestLogQueryError } from '../../../src/core/sandbox/request-log.js';
import type { RunningSandbox } from '../../../src/core/sandbox/server.js';
import { SandboxControl, startSandbox } from '../../../src/sandbox/index.js';

const API_KEY = 'sk_test_51HqLogKeyNeverShown';

function entry(seq: number, status = 200, target = '/v1/payments') {
  return { method: 'POST', target, status, latencyMs: 1.5, at: Date.UTC(2026, 0, 1, 10, 0, seq) };
}

describe('RequestLog', () => {
  test('bodies are redacted when read: API key, Basic credentials, card number and CVV', () => {
    const log = new RequestLog(() => [API_KEY]);
    log.record({
      ...entry(1),
      requestBody: { card: { number: '4242424242424242', cvv: '123' }, note: `key ${API_KEY}` },
      responseText: JSON.stringify({
        echo: 'Authorization: Basic dGVzdF9rZXk6dGVzdF9jbGllbnQ=',
        pan: '4111111111111111',
      }),
    });
    const [view] = log.page({ limit: 10 }).requests;
    const text = JSON.stringify(view);
    expect(view?.requestBody).toEqual({
      card: { number: '424242******4242', cvv: '[REDACTED]' },
      note: 'key [REDACTED]',
    });
    expect(view?.responseBody).toEqual({
      echo: expect.stringMatching(/^Authorization: .*\[REDACTED\]$/),
      pan: '411111******1111',
    });
    for (const secret of [API_KEY, '4242424242424242', '"123"', 'dGVzdF9rZXk6dGVzdF9jbGllbnQ=']) {
      expect(text).not.toContain(secret);
    }
  });

  test('a secret in the query string is redacted in the path', () => {
    const log = new RequestLog(() => []);
    log.record(entry(1, 200, '/api/public/payment-intents/pi_1?client_secret=pi_1_secret_abcdef'));
    expect(log.page({ limit: 1 }).requests[0]?.path).toBe('/api/public/payment-intents/pi_1?client_secret=[REDACTED]');
  });

  test('keeps only the most recent requests, newest first', () => {
    const log = new RequestLog(() => [], 3);
    for (let i = 1; i <= 5; i++) log.record({ ...entry(i), requestId: `id-${i}` });
    expect(log.length).toBe(3);
    expect(log.page({ limit: 10 }).requests.map((r) => r.id)).toEqual(['id-5', 'id-4', 'id-3']);
  });

  test('pages with a cursor, filtered by status class and path prefix', () => {
    const log = new RequestLog(() => []);
    const statuses = [201, 404, 402, 200, 422];
    statuses.forEach((status, i) => {
      log.record({ ...entry(i, status, i === 4 ? '/v1/refunds' : '/v1/payments'), requestId: `r${i}` });
    });
    const first = log.page({ limit: 1, status: '4xx', path: '/v1/payments' });
    expect(first.requests.map((r) => r.id)).toEqual(['r2']);
    expect(first.nextCursor).toBeDefined();
    const second = log.page({ limit: 1, status: '4xx', path: '/v1/payments', cursor: first.nextCursor });
    expect(second.requests.map((r) => r.id)).toEqual(['r1']);
    expect(second.nextCursor).toBeUndefined();
    expect(log.page({ limit: 10, status: '200' }).requests.map((r) => r.id)).toEqual(['r3']);
  });

  test('assigns a request id when the caller sent none, and keeps one it sent', () => {
    const log = new RequestLog(() => []);
    log.record(entry(1));
    log.record({ ...entry(2), requestId: 'c-request-7' });
    const [sent, assigned] = log.page({ limit: 2 }).requests;
    expect(sent?.id).toBe('c-request-7');
    expect(assigned?.id).toMatch(/^req_[0-9a-f]+$/);
  });

  test('a body over 64 KiB is kept as its size only', () => {
    const log = new RequestLog(() => []);
    log.record({ ...entry(1), requestBody: { big: 'x' }, requestBytes: 70_000, responseText: 'y'.repeat(70_000) });
    const [view] = log.page({ limit: 1 }).requests;
    expect(view?.requestBody).toBe('(70000 bytes, not kept)');
    expect(view?.responseBody).toBe('(70000 characters, not kept)');
  });

  test('refuses a cursor it did not issue and a status it cannot read, saying what to send', () => {
    const log = new RequestLog(() => []);
    expect(() => log.page({ limit: 1, cursor: 'nope' })).toThrow(RequestLogQueryError);
    expect(() => log.page({ limit: 1, status: '6xx' })).toThrow('status must be a class such as 4xx');
  });
});

describe('GET /__sandbox/requests on a running sandbox', () => {
  let sandbox: RunningSandbox;
  const headers = { 'x-api-key': API_KEY, 'content-type': 'application/json' };
  const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123', cardholder_name: 'Jane Doe' };

  beforeAll(async () => {
    sandbox = await startSandbox('haloubi-gateway', { credentials: { ApiKeyAuth: API_KEY } });
  });
  afterAll(() => sandbox?.close());

  test('lists each API request with its status and redacted bodies, never the key; reset clears it', async () => {
    const body = JSON.stringify({ amount: 9999, currency: 'USD', card });
    const created = await fetch(`${sandbox.url}/api/v1/payments/authorize`, { method: 'POST', headers, body });
    expect(created.status).toBe(200);
    const denied = await fetch(`${sandbox.url}/api/v1/payments/authorize`, {
      method: 'POST',
      headers: { ...headers, 'x-api-key': 'sk_test_wrong' },
      body,
    });
    expect(denied.status).toBe(401);
    const res = await fetch(`${sandbox.url}/__sandbox/requests?status=2xx`);
    const text = await res.text();
    const page = JSON.parse(text);
    expect(page.requests).toHaveLength(1);
    expect(page.requests[0]).toMatchObject({ method: 'POST', path: '/api/v1/payments/authorize', status: 200 });
    expect(page.requests[0].requestBody.card).toMatchObject({ number: '424242******4242', cvv: '[REDACTED]' });
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain('4242424242424242');
    const failed = await (await fetch(`${sandbox.url}/__sandbox/requests?status=4xx`)).json();
    expect(failed.requests.map((r: { status: number }) => r.status)).toEqual([401]);
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
    expect((await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()).requests).toEqual([]);
  });

  test('SandboxControl reads the request log and the resources, a page at a time', async () => {
    const control = new SandboxControl(sandbox.url);
    const body = JSON.stringify({ amount: 500, currency: 'USD', card });
    await fetch(`${sandbox.url}/api/v1/payments/sale`, { method: 'POST', headers, body });
    const { requests } = await control.requests({ path: '/api/v1/payments/sale', limit: 1 });
    expect(requests.map((r) => [r.method, r.status])).toEqual([['POST', 200]]);
    const { resources } = await control.resources({ kind: 'payments' });
    expect(resources[0]?.summary).toBe('5.00 USD');
  });

  test('a bad limit or cursor answers 400 with what to send', async () => {
    const limit = await fetch(`${sandbox.url}/__sandbox/requests?limit=0`);
    expect(limit.status).toBe(400);
    expect((await limit.json()).error.message).toBe('limit must be a whole number from 1 to 1000.');
    const cursor = await fetch(`${sandbox.url}/__sandbox/requests?cursor=zzz`);
    expect(cursor.status).toBe(400);
    expect((await cursor.json()).error.message).toContain('was not issued by this sandbox');
  });
});
