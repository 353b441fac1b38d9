import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { holdsValue } from '../../../src/core/sandbox/state-search.js';
import { MAX_TENANTS } from '../../../src/core/sandbox/tenants.js';
import { type RunningSandbox, SandboxControl, startSandbox } from '../../../src/sandbox/index.js';

const authorizeBody = {
  amount: 9999,
  currency: 'MAD',
  card: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123' },
  description: 'Order #12345',
};

function haloubi(sandbox: RunningSandbox, key: string) {
  const headers = (extra: Record<string, string> = {}) => ({
    'x-api-key': key,
    'content-type': 'application/json',
    ...extra,
  });
  return {
    authorize: async (body: unknown = authorizeBody, extra: Record<string, string> = {}) =>
      fetch(`${sandbox.url}/api/v1/payments/authorize`, {
        method: 'POST',
        headers: headers(extra),
        body: JSON.stringify(body),
      }),
    get: async (path: string) => fetch(`${sandbox.url}${path}`, { headers: headers() }),
    control: async (method: string, path: string, body?: unknown) =>
      fetch(`${sandbox.url}/__sandbox${path}`, {
        method,
        headers: headers(),
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}

describe('tenants: two test keys never see each other', () => {
  const delivered: { url: string; event: string }[] = [];
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox('haloubi-gateway', {
      rateLimit: 3,
      fetch: async (url, init) => {
        delivered.push({ url: String(url), event: JSON.parse(String(init?.body)).type });
        return new Response(null, { status: 200 });
      },
    });
  });
  afterAll(async () => sandbox.close());

  test('resources and lists', async () => {
    const a = haloubi(sandbox, 'test_worker_a');
    const b = haloubi(sandbox, 'test_worker_b');
    const created = await a.authorize();
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    expect((await a.get(`/api/v1/payments/${id}`)).status).toBe(200);
    expect((await b.get(`/api/v1/payments/${id}`)).status).toBe(404);
    expect((await haloubi(sandbox, 'test_key').get(`/api/v1/payments/${id}`)).status).toBe(404);
    const listA = (await (await a.get('/api/v1/transactions')).json()) as { data: { id: string }[] };
    const listB = (await (await b.get('/api/v1/transactions')).json()) as { data: { id: string }[] };
    expect(JSON.stringify(listA)).toContain(id);
    expect(JSON.stringify(listB)).not.toContain(id);
    const resourcesB = await (await b.control('GET', '/resources')).json();
    expect(JSON.stringify(resourcesB)).not.toContain(id);
  });

  test('idempotency keys', async () => {
    const key = { 'idempotency-key': 'order-42' };
    const a = await haloubi(sandbox, 'test_idem_a').authorize(authorizeBody, key);
    const b = await haloubi(sandbox, 'test_idem_b').authorize({ ...authorizeBody, amount: 100 }, key);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [payA, payB] = (await Promise.all([a.json(), b.json()])) as { id: string; amount: number }[];
    expect(payA?.id).not.toBe(payB?.id);
    expect(payB?.amount).toBe(100);
    const replay = await haloubi(sandbox, 'test_idem_a').authorize(authorizeBody, key);
    expect(((await replay.json()) as { id: string }).id).toBe(payA?.id);
  });

  test('rate-limit counts', async () => {
    const a = haloubi(sandbox, 'test_rate_a');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await a.authorize()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await haloubi(sandbox, 'test_rate_b').authorize()).status).toBe(200);
  });

  test('webhook endpoint and log per tenant, falling back to the sandbox-wide one', async () => {
    const a = haloubi(sandbox, 'test_hook_a');
    const b = haloubi(sandbox, 'test_hook_b');
    const set = await a.control('PUT', '/webhook-endpoint', { url: 'http://127.0.0.1:9/tenant-a' });
    expect(await set.json()).toEqual({ url: 'http://127.0.0.1:9/tenant-a' });
    await b.control('PUT', '/webhook-endpoint', { url: 'http://127.0.0.1:9/tenant-b' });
    delivered.length = 0;
    await a.authorize();
    await b.authorize();
    await b.authorize();
    await sandbox.webhooks.settle();
    const byUrl = (url: string) => delivered.filter((d) => d.url === url).length;
    expect([byUrl('http://127.0.0.1:9/tenant-a'), byUrl('http://127.0.0.1:9/tenant-b')]).toEqual([1, 2]);
    const logA = (await (await a.control('GET', '/webhooks')).json()) as { deliveries: unknown[] };
    const logB = (await (await b.control('GET', '/webhooks')).json()) as { deliveries: unknown[] };
    expect([logA.deliveries.length, logB.deliveries.length]).toEqual([1, 2]);
    expect(await (await a.control('PUT', '/webhook-endpoint', { url: null })).json()).toEqual({ url: null });
    const bad = await a.control('PUT', '/webhook-endpoint', { url: 'ftp://example.com' });
    expect(bad.status).toBe(400);
  });

  test('reset clears the caller’s tenant only; reset-all clears every tenant', async () => {
    const a = haloubi(sandbox, 'test_reset_a');
    const b = haloubi(sandbox, 'test_reset_b');
    const { id: idA } = (await (await a.authorize()).json()) as { id: string };
    const { id: idB } = (await (await b.authorize()).json()) as { id: string };
    expect((await a.control('POST', '/reset', {})).status).toBe(200);
    expect((await a.get(`/api/v1/payments/${idA}`)).status).toBe(404);
    expect((await b.get(`/api/v1/payments/${idB}`)).status).toBe(200);
    expect(sandbox.tenantCount()).toBeGreaterThan(2);
    const all = await fetch(`${sandbox.url}/__sandbox/reset-all`, { method: 'POST' });
    expect(all.status).toBe(200);
    expect(sandbox.tenantCount()).toBe(1);
    expect((await b.get(`/api/v1/payments/${idB}`)).status).toBe(404);
  });

  test('a control call whose credential is not a test credential is refused', async () => {
    const reply = await haloubi(sandbox, 'live_key').control('POST', '/reset', {});
    expect(reply.status).toBe(401);
  });

  test(`at most ${MAX_TENANTS} tenants; the next is refused with a clear message until reset-all`, async () => {
    await fetch(`${sandbox.url}/__sandbox/reset-all`, { method: 'POST' });
    for (let i = 1; i < MAX_TENANTS; i += 50) {
      const batch = Array.from({ length: Math.min(50, MAX_TENANTS - i) }, (_, j) =>
        haloubi(sandbox, `test_many_${i + j}`).get('/api/v1/payments/pay_none'),
      );
      expect((await Promise.all(batch)).map((r) => r.status)).not.toContain(429);
    }
    expect(sandbox.tenantCount()).toBe(MAX_TENANTS);
    const refused = await haloubi(sandbox, 'test_one_too_many').get('/api/v1/payments/pay_none');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-sandbox-refusal')).toMatch(/already holds 1000 tenants/);
    expect((await haloubi(sandbox, 'test_many_7').get('/api/v1/payments/pay_none')).status).toBe(404);
    await fetch(`${sandbox.url}/__sandbox/reset-all`, { method: 'POST' });
    expect((await haloubi(sandbox, 'test_one_too_many').get('/api/v1/payments/pay_none')).status).toBe(404);
  });
});

describe('tenants: customer pages and run-time credentials find their tenant', () => {
  test('Haloubi hosted checkout and public intent view, opened with no credential', async () => {
    const sandbox = await startSandbox('haloubi-gateway');
    try {
      const a = haloubi(sandbox, 'test_shop_a');
      const intentBody = { amount: 9999, currency: 'USD', success_url: 'https://shop.example.com/ok' };
      const created = await fetch(`${sandbox.url}/api/v1/payment-intents`, {
        method: 'POST',
        headers: { 'x-api-key': 'test_shop_a', 'content-type': 'application/json' },
        body: JSON.stringify(intentBody),
      });
      const intent = (await created.json()) as { id: string };
      expect((await fetch(`${sandbox.url}/__sandbox/payment-intents/${intent.id}/checkout`)).status).toBe(200);
      expect((await fetch(`${sandbox.url}/api/public/payment-intents/${intent.id}`)).status).toBe(200);
      expect((await a.get(`/api/v1/payments/pay_none`)).status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });

  test('AlyaPay: the customer pays a tenant’s session, and its session token reads the status', async () => {
    const sandbox = await startSandbox('alyapay');
    try {
      const order = {
        total: '1799.00',
        currency: 'MAD',
        items: [{ id: 'P1', name: 'Headphones', price: 1799, quantity: 1 }],
      };
      const headers = { 'x-api-key': 'test_team_a', 'content-type': 'application/json' };
      await fetch(`${sandbox.url}/api/v1/public/sessions`, {
        method: 'POST',
        headers: { ...headers, 'x-api-key': 'test_team_b' },
        body: JSON.stringify(order),
      });
      const session = (await (
        await fetch(`${sandbox.url}/api/v1/public/sessions`, { method: 'POST', headers, body: JSON.stringify(order) })
      ).json()) as { session_id: string; session_token: string };
      const paid = await fetch(`${sandbox.url}/__sandbox/sessions/${session.session_id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'APPROVED' }),
      });
      expect(paid.status).toBe(200);
      const { transaction_id } = (await paid.json()) as { transaction_id: string };
      const status = await fetch(`${sandbox.url}/api/v1/public/transactions/${transaction_id}/status`, {
        headers: { 'x-session-token': session.session_token },
      });
      expect(status.status).toBe(200);
      expect(((await status.json()) as { status: string }).status).toBe('APPROVED');
      expect(sandbox.tenantCount()).toBe(3);
    } finally {
      await sandbox.close();
    }
  });

  test('Novasend: Basic test_<x>:test_<y> owns a tenant, and its payin’s phone page finds it', async () => {
    const sandbox = await startSandbox('novasend');
    try {
      const authorization = `Basic ${Buffer.from('test_acme:test_ci').toString('base64')}`;
      const created = await fetch(`${sandbox.url}/v1/payin/sessions`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', 'x-idempotency-key': 'k-1' },
        body: JSON.stringify({
          reference: 'order-1',
          accountId: 'merchant_9923lkdz',
          amount: 300,
          msisdn: '+2250702968786',
          customerName: 'John Doe',
          country: 'CI',
        }),
      });
      expect(created.status).toBeLessThan(300);
      const { reference } = (await created.json()) as { reference: string };
      expect(sandbox.tenantCount()).toBe(2);
      expect((await fetch(`${sandbox.url}/__sandbox/payins/${reference}/phone`)).status).toBe(200);
      const mixed = `Basic ${Buffer.from('test_acme:live_secret').toString('base64')}`;
      expect((await fetch(`${sandbox.url}/v1/payin/${reference}`, { headers: { authorization: mixed } })).status).toBe(
        401,
      );
      expect((await fetch(`${sandbox.url}/v1/payin/${reference}`, { headers: { authorization } })).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  test('pinned credentials: one tenant, and another test key is refused', async () => {
    const sandbox = await startSandbox('haloubi-gateway', { credentials: { ApiKeyAuth: 'test_pinned' } });
    try {
      expect((await haloubi(sandbox, 'test_other').authorize()).status).toBe(401);
      expect((await haloubi(sandbox, 'test_key').authorize()).status).toBe(401);
      expect((await haloubi(sandbox, 'test_pinned').authorize()).status).toBe(200);
      expect(sandbox.tenantCount()).toBe(1);
    } finally {
      await sandbox.close();
    }
  });
});

describe('tenants: the typed control client names its tenant by its headers', () => {
  test('setWebhookEndpoint, reset and resetAll', async () => {
    const sandbox = await startSandbox('chari-pay', { webhookUrl: 'http://127.0.0.1:9/default' });
    try {
      const a = new SandboxControl(sandbox.url, fetch, { authorization: 'Bearer test_client_a' });
      expect(await a.setWebhookEndpoint('http://user:pw@127.0.0.1:9/a')).toEqual({
        url: 'http://user:[REDACTED]@127.0.0.1:9/a',
      });
      expect(await a.setWebhookEndpoint(null)).toEqual({ url: 'http://127.0.0.1:9/default' });
      expect(await a.reset()).toEqual({ reset: true });
      expect(await new SandboxControl(sandbox.url).resetAll()).toEqual({ reset: true, tenants: 2 });
    } finally {
      await sandbox.close();
    }
  });
});

test.each([
  ['a Map key', new Map([['pay_1', 1]]), 'pay_1', true],
  ['a nested Set', { a: [new Set(['ref-9'])] }, 'ref-9', true],
  [
    'a cycle',
    (() => {
      const o: Record<string, unknown> = { v: 'x' };
      o.self = o;
      return o;
    })(),
    'y',
    false,
  ],
  ['a number is not its text', { n: 42 }, '42', false],
])('holdsValue: %s', (_name, state, wanted, want) => {
  expect(holdsValue(state, wanted)).toBe(want);
});
