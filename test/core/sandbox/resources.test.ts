import { afterEach, describe, expect, test } from 'vitest';
import type { ProviderSlug } from '../../../src/core/providers.js';
import type { RunningSandbox } from '../../../src/core/sandbox/server.js';
import { startSandbox } from '../../../src/sandbox/index.js';

interface Creation {
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** One create call per provider, with the default sandbox credentials, and what it must list. */
const CASES: [ProviderSlug, Creation, { kind: string; status?: string; body: Record<string, unknown> }][] = [
  [
    'chari-pay',
    {
      path: '/v1/payments',
      headers: { authorization: 'Bearer test_key' },
      body: { amount: 15000, currency: 'MAD', reference: 'ORDER-RES-1', payment_method: 'tok_success' },
    },
    { kind: 'payments', status: 'captured', body: { amount: 15000, currency: 'MAD', reference: 'ORDER-RES-1' } },
  ],
  [
    'haloubi-gateway',
    {
      path: '/api/v1/payments/authorize',
      headers: { 'x-api-key': 'test_key' },
      body: {
        amount: 9999,
        currency: 'USD',
        card: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123', cardholder_name: 'Jane Doe' },
      },
    },
    { kind: 'payments', status: 'authorized', body: { amount: 9999, currency: 'USD' } },
  ],
  [
    'chari-money',
    {
      path: '/api/customers/register',
      headers: { 'chari-api-key': 'test_key' },
      body: {
        phoneNumber: '+212711111111',
        firstName: 'Amine',
        lastName: 'Benali',
        cin: 'AB123456',
        walletType: 'P',
        closeLoopOnly: false,
      },
    },
    { kind: 'customers', body: { firstName: 'Amine', lastName: 'Benali', cin: 'AB123456' } },
  ],
  [
    'alyapay',
    {
      path: '/api/v1/public/sessions',
      headers: { 'x-api-key': 'test_key' },
      body: { total: '1799.00', currency: 'MAD', items: [{ id: 'P1', name: 'Headphones', price: 1799, quantity: 1 }] },
    },
    { kind: 'sessions', body: { total: '1799.00', currency: 'MAD', transaction_ids: [] } },
  ],
  [
    'novasend',
    {
      path: '/v1/payin/sessions',
      headers: {
        authorization: `Basic ${Buffer.from('test_key:test_client').toString('base64')}`,
        'x-idempotency-key': 'res-1',
      },
      body: {
        accountId: 'acc_1',
        amount: 300,
        msisdn: '+2250700000001',
        customerName: 'Awa',
        country: 'CI',
        reference: 'ord-res-1',
      },
    },
    { kind: 'payins', body: { amount: 300, fee: 6, chargedAmount: 306, status: 'processing' } },
  ],
];

describe('GET /__sandbox/resources and /__sandbox/resources/{kind}/{id}', () => {
  let sandbox: RunningSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  test.each(CASES)('%s lists what was created, newest first, with its JSON', async (slug, creation, want) => {
    sandbox = await startSandbox(slug);
    const created = await fetch(`${sandbox.url}${creation.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...creation.headers },
      body: JSON.stringify(creation.body),
    });
    expect(created.status).toBeLessThan(300);
    const page = await (await fetch(`${sandbox.url}/__sandbox/resources?kind=${want.kind}`)).json();
    expect(page.kinds).toContain(want.kind);
    expect(page.resources).toHaveLength(1);
    const [listed] = page.resources;
    expect(listed.kind).toBe(want.kind);
    if (want.status) expect(listed.status).toBe(want.status);
    expect(listed.href).toBe(`${sandbox.url}/__sandbox/resources/${want.kind}/${encodeURIComponent(listed.id)}`);
    const detail = await fetch(listed.href);
    expect(detail.status).toBe(200);
    const one = await detail.json();
    expect(one).toMatchObject({ kind: want.kind, id: listed.id });
    expect(one.body).toMatchObject(want.body);
    expect(JSON.stringify(one)).not.toContain('test_key');
  });

  test('Chari Money lists wallets with their balances', async () => {
    sandbox = await startSandbox('chari-money');
    const page = await (await fetch(`${sandbox.url}/__sandbox/resources?kind=wallets`)).json();
    expect(page.resources.length).toBeGreaterThan(0);
    expect(page.resources[0].summary).toMatch(/\d+\.\d{2} MAD, principal agent/);
  });

  test('pages newest first with a cursor, and names what is missing', async () => {
    sandbox = await startSandbox('alyapay');
    for (const total of ['1.00', '2.00', '3.00']) {
      await sandbox.clock.advance(1);
      await fetch(`${sandbox.url}/api/v1/public/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'test_key' },
        body: JSON.stringify({
          total,
          currency: 'MAD',
          items: [{ id: 'P', name: 'P', price: Number(total), quantity: 1 }],
        }),
      });
    }
    const first = await (await fetch(`${sandbox.url}/__sandbox/resources?kind=sessions&limit=2`)).json();
    expect(first.resources.map((r: { summary: string }) => r.summary.split(' ')[0])).toEqual(['3.00', '2.00']);
    const second = await (
      await fetch(`${sandbox.url}/__sandbox/resources?kind=sessions&limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.resources.map((r: { summary: string }) => r.summary.split(' ')[0])).toEqual(['1.00']);
    expect(second.nextCursor).toBeUndefined();
    const missing = await fetch(`${sandbox.url}/__sandbox/resources/sessions/sess_none`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toBe('This alyapay sandbox holds no sessions with id sess_none.');
    const stale = await fetch(`${sandbox.url}/__sandbox/resources?cursor=bm9uZQ`);
    expect(stale.status).toBe(400);
  });
});
