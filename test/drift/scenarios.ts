import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import { OperationIndex } from '../../src/core/operation-index.js';
import type { ProviderSlug } from '../../src/core/providers.js';
import { projectRoot } from '../../src/pipeline/project-root.js';

/** The live-style traffic each drift test sends: what a live run's scenarios send, through the recorder. */
export type Scenario = (baseUrl: string, credentials: Record<string, string>) => Promise<void>;

export function bundled(slug: ProviderSlug, root = projectRoot()): OpenApiDocument {
  return JSON.parse(readFileSync(join(root, 'generated', slug, 'openapi.json'), 'utf8')) as OpenApiDocument;
}

async function call(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The spec's own request example of an operation: the body a contract scenario sends first. */
function example(slug: ProviderSlug, operationId: string): unknown {
  return new OperationIndex(bundled(slug)).byOperationId(operationId)?.requestBody?.example;
}

const HALOUBI_CARD = { exp_month: 12, exp_year: 2099, cvv: '123', cardholder_name: 'Jane Doe' };

export const SCENARIOS: Record<ProviderSlug, Scenario> = {
  'haloubi-gateway': async (base, { apiKey = '' }) => {
    const h = { 'x-api-key': apiKey };
    const pay = (number: string) => ({ amount: 9999, currency: 'USD', card: { number, ...HALOUBI_CARD } });
    const authorized = await call(base, 'POST', '/api/v1/payments/authorize', h, pay('4242424242424242'));
    const id = String(authorized.id);
    await call(base, 'GET', `/api/v1/payments/${id}`, h);
    await call(base, 'POST', `/api/v1/payments/${id}/capture`, h, { amount: 9999 });
    await call(base, 'POST', '/api/v1/payments/sale', h, pay('5555555555554444'));
    const held = await call(base, 'POST', '/api/v1/payments/authorize', h, pay('4242424242424242'));
    await call(base, 'POST', `/api/v1/payments/${String(held.id)}/void`, h, {});
    await call(base, 'GET', '/api/v1/payments/pay_does_not_exist', h);
    await call(base, 'GET', '/api/v1/transactions', h);
  },
  'chari-money': async (base, { apiKey = '' }) => {
    const h = { 'chari-api-key': apiKey, 'c-request-id': 'trace-drift-1' };
    const phoneNumber = `+2126${String(Date.now()).slice(-8)}`;
    await call(base, 'GET', `/api/customers/status?PhoneNumber=${encodeURIComponent(phoneNumber)}`, h);
    await call(base, 'POST', '/api/customers/register', h, {
      ...(example('chari-money', 'registerCustomer') as object),
      phoneNumber,
    });
    await call(base, 'POST', '/api/customers/confirm', h, { phoneNumber, code: '999-999', walletType: 'P' });
    await call(base, 'PUT', '/api/customers/pin', h, { phoneNumber, oldPin: '1234', newPin: '4321' });
    await call(base, 'GET', '/api/agents/principal?Code=PA-0001', h);
  },
  alyapay: async (base, { apiKey = '' }) => {
    const session = await call(
      base,
      'POST',
      '/api/v1/public/sessions',
      { 'x-api-key': apiKey },
      example('alyapay', 'createSession'),
    );
    await call(base, 'GET', '/api/v1/public/transactions/txn_unknown/status', {
      'x-session-token': String(session.session_token),
    });
  },
  novasend: async (base, { apiKey = '', apiClient = '' }) => {
    const h = { authorization: `Basic ${Buffer.from(`${apiKey}:${apiClient}`).toString('base64')}` };
    const created = await call(
      base,
      'POST',
      '/v1/payin/sessions',
      { ...h, 'x-idempotency-key': `drift-${Date.now()}` },
      example('novasend', 'createPayinSession'),
    );
    await call(base, 'GET', `/v1/payin/${String(created.reference ?? 'ref_unknown')}`, h);
  },
  'chari-pay': async (base, { secretKey = '' }) => {
    const h = { authorization: `Bearer ${secretKey}` };
    // The spec's first test card, by its documented token: an approved payment.
    const [card] = bundled('chari-pay')['x-test-cards'] as { token: string }[];
    const body = { ...(example('chari-pay', 'createPayment') as object), payment_method: card?.token };
    const created = await call(base, 'POST', '/v1/payments', { ...h, 'idempotency-key': `drift-${Date.now()}` }, body);
    await call(base, 'GET', `/v1/payments/${String(created.id)}`, h);
    await call(base, 'GET', '/v1/payments', h);
  },
};
