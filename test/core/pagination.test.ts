/**
 * `paginate` walks every page in the style the spec's `x-pagination` declares: page number (Chari Money), limit and
 * offset (Haloubi) and cursor (Chari Pay). An injected fetch serves three pages and records what was asked.
 */
import { expect, test } from 'vitest';
import chariMoneySpec from '../../generated/chari-money/spec.js';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiSpec from '../../generated/haloubi-gateway/spec.js';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import { OperationIndex } from '../../src/core/operation-index.js';
import { createChariMoneyClient } from '../../src/providers/chari-money/index.js';
import { createChariPayClient } from '../../src/providers/chari-pay/index.js';
import { createHaloubiGatewayClient } from '../../src/providers/haloubi-gateway/index.js';
import { fakeFetch } from './fake-fetch.js';

const BASE = 'http://127.0.0.1:4010';
const ITEMS = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'e' }];

function paging(spec: OpenApiDocument, path: string): Record<string, string> {
  return new OperationIndex(spec).find('get', path)!.raw['x-pagination'] as Record<string, string>;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

test('chari-money: page numbers until the total count is reached, through the { data } envelope', async () => {
  const p = paging(chariMoneySpec, '/api/customer/beneficiaries');
  expect(p.style).toBe('page');
  const fake = fakeFetch((request) => {
    const page = Number(request.url.searchParams.get(p.pageParam!));
    return {
      status: 200,
      body: { data: { [p.itemsField!]: ITEMS.slice((page - 1) * 2, page * 2), [p.totalField!]: ITEMS.length } },
    };
  });
  const client = createChariMoneyClient({ apiKey: 'k', baseUrl: BASE, fetch: fake.fetch });
  const items = await collect(
    client.paginate('/api/customer/beneficiaries', {
      params: { query: { PhoneNumber: '+212711111111', PageSize: 2 } },
    } as never),
  );
  expect(items).toEqual(ITEMS);
  expect(fake.requests.map((r) => r.url.searchParams.get(p.pageParam!))).toEqual(['1', '2', '3']);
  expect(
    fake.requests.every(
      (r) => r.url.searchParams.get('PhoneNumber') === '+212711111111' && r.url.searchParams.get(p.sizeParam!) === '2',
    ),
  ).toBe(true);
});

test('haloubi-gateway: offsets advance by the page length until a short page', async () => {
  const p = paging(haloubiSpec, '/api/v1/transactions');
  expect(p.style).toBe('offset');
  const fake = fakeFetch((request) => {
    const offset = Number(request.url.searchParams.get(p.offsetParam!));
    return { status: 200, body: { [p.itemsField!]: ITEMS.slice(offset, offset + 2) } };
  });
  const client = createHaloubiGatewayClient({ apiKey: 'k', baseUrl: BASE, fetch: fake.fetch });
  const items = await collect(client.paginate('/api/v1/transactions', { params: { query: { [p.limitParam!]: 2 } } }));
  expect(items).toEqual(ITEMS);
  expect(fake.requests.map((r) => r.url.searchParams.get(p.offsetParam!))).toEqual(['0', '2', '4']);
});

test('chari-pay: the cursor of each page asks for the next, until has_more is false', async () => {
  const p = paging(chariPaySpec, '/v1/payments');
  expect(p.style).toBe('cursor');
  const pages = [ITEMS.slice(0, 2), ITEMS.slice(2, 4), ITEMS.slice(4)];
  const fake = fakeFetch((_, call) => ({
    status: 200,
    body: {
      [p.itemsField!]: pages[call],
      [p.hasMoreField!]: call < 2,
      [p.nextCursorField!]: call < 2 ? pages[call]!.at(-1)!.id : null,
    },
  }));
  const client = createChariPayClient({ secretKey: 'k', baseUrl: BASE, fetch: fake.fetch });
  const items = await collect(client.paginate('/v1/payments', { params: { query: { status: 'captured' } } }));
  expect(items).toEqual(ITEMS);
  expect(fake.requests.map((r) => r.url.searchParams.get(p.cursorParam!))).toEqual([null, 'b', 'd']);
  expect(fake.requests.every((r) => r.url.searchParams.get('status') === 'captured')).toBe(true);
});

test('stopping early fetches no further page', async () => {
  const fake = fakeFetch(() => ({
    status: 200,
    body: { data: [{ id: 'x' }, { id: 'y' }], has_more: true, next_cursor: 'y' },
  }));
  const client = createChariPayClient({ secretKey: 'k', baseUrl: BASE, fetch: fake.fetch });
  for await (const item of client.paginate('/v1/payments')) {
    expect(item).toEqual({ id: 'x' });
    break;
  }
  expect(fake.requests).toHaveLength(1);
});

test('a list the spec does not page is refused with a clear error', async () => {
  const fake = fakeFetch([{ status: 200, body: {} }]);
  const client = createChariPayClient({ secretKey: 'k', baseUrl: BASE, fetch: fake.fetch });
  await expect(collect(client.paginate('/v1/payments/{id}', { params: { path: { id: 'p' } } }))).rejects.toThrow(
    'GET /v1/payments/{id} (getPayment) is not a paged list in its spec.',
  );
});

test('a page without the declared items array is a clear error', async () => {
  const fake = fakeFetch([{ status: 200, body: { items: [] } }]);
  const client = createChariPayClient({ secretKey: 'k', baseUrl: BASE, fetch: fake.fetch });
  await expect(collect(client.paginate('/v1/payments'))).rejects.toThrow(
    'listPayments returned a page without the "data" array its spec declares.',
  );
});
