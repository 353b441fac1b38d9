import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import spec from '../../../generated/chari-money/spec.js';
import { resolvePointer } from '../../../src/core/openapi-document.js';
import { chariMoneySandbox } from '../../../src/providers/chari-money/sandbox/index.js';
import { type ChariMoneySession, secondsUntil, startChariMoneySession, TEST_CARD } from './sandbox-session.js';

// Expected values are the document's (chari-money-baas-api-v1.9.txt) or written here by hand.
const DOCUMENTED_PAN = '4918914107195005';
const DOCUMENTED_CVV = '123';
/** "Expiry 08/26 (or any future date)", sent as YYMM ("Ex : `2608`"). */
const DOCUMENTED_EXPIRY = '2608';
const DOCUMENTED_3DS_CODE = '555';
/** "Operation Types": 1 CASHIN … 25 BILL_PAYMENT. */
const DOCUMENTED_OPERATION_TYPES = [1, 2, 3, 5, 7, 9, 10, 12, 24, 25];
const USER_NOT_FOUND = 20005;
const INVALID_INITIAL_PARAMETERS = 20006;

let s: ChariMoneySession;
let phones = 0;
const phone = () => `+21266${String(++phones).padStart(7, '0')}`;

beforeAll(async () => {
  s = await startChariMoneySession();
});
afterAll(() => s?.close());

const card = (ExpiryDate: string) => ({
  FirstName: 'Amina',
  LastName: 'Alaoui',
  Cvv: DOCUMENTED_CVV,
  Amount: 100,
  Pan: DOCUMENTED_PAN,
  ExpiryDate,
  KeepAlive: false,
});

/** Credits a wallet from the test card, through 3-D Secure. */
async function fund(phoneNumber: string, Amount: number): Promise<void> {
  const reply = await s.call('POST', '/api/operations/cashin/card', {
    query: { PhoneNumber: phoneNumber },
    body: { ...card('9912'), Amount },
  });
  expect(reply.status).toBe(200);
  await s.control.completeChariMoneyThreeDSecure(Number(reply.body.data.operationId), DOCUMENTED_3DS_CODE);
}

describe('the documented test card never expires', () => {
  test('the spec records the document’s test card and its expiry', () => {
    expect(TEST_CARD).toMatchObject({ number: DOCUMENTED_PAN, cvv: DOCUMENTED_CVV, expiry: DOCUMENTED_EXPIRY });
  });

  test('another past expiry is declined as expired, a future one accepted', async () => {
    const customer = phone();
    await s.onboard(customer);
    const past = await s.call('POST', '/api/operations/cashin/card', {
      query: { PhoneNumber: customer },
      body: card('2401'),
    });
    expect(past.status).toBe(400);
    expect(past.body.errorCode).toBe(INVALID_INITIAL_PARAMETERS);
    expect(past.body.errorDescription).toMatch(/expired/);
    const future = await s.call('POST', '/api/operations/cashin/card', {
      query: { PhoneNumber: customer },
      body: card('9912'),
    });
    expect(future.status).toBe(200);
  });

  test('08/26 (2608) is accepted in 2035', async () => {
    const customer = phone();
    await s.onboard(customer);
    await s.control.advanceClock(Math.max(0, secondsUntil(s.sandbox, '2035-06-01T00:00:00Z')));
    const reply = await s.call('POST', '/api/operations/cashin/card', {
      query: { PhoneNumber: customer },
      body: card(DOCUMENTED_EXPIRY),
    });
    expect(reply.status).toBe(200);
    expect(String(reply.body.data.redirectionURL).startsWith(`${s.sandbox.url}/__sandbox/3ds/`)).toBe(true);
  });
});

describe('the document’s own spellings are accepted', () => {
  async function merchantPayment() {
    const [customer, merchant] = [phone(), phone()];
    await s.onboard(customer);
    await s.onboard(merchant, 'C');
    await fund(customer, 300);
    const paid = await s.call('POST', '/api/operations/merchant/payment/push/manual', {
      body: { CustomerPhoneNumber: customer, Amount: 100, Reason: 'Courses', RecipientPhoneNumber: merchant },
    });
    expect(paid.status).toBe(200);
    return { customer, OperationId: Number(paid.body.data.operationId) };
  }
  const refund = { RefundAmount: 40, OrderId: '20251105_00045', TransactionTrackId: '83c1d1c7' };

  test('refund preview with phoneNumber and execute with PhoneNumber', async () => {
    const { customer, OperationId } = await merchantPayment();
    const preview = await s.call('POST', '/api/operations/refund/preview', {
      body: { phoneNumber: customer, OperationId, ...refund },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.data.amount).toBe(40);
    const execute = await s.call('POST', '/api/operations/refund', {
      body: { PhoneNumber: customer, OperationId, ...refund },
    });
    expect(execute.status).toBe(200);
    expect(execute.body.data.amount).toBe(40);
  });

  test('merchant KYC documents sent as kycDocuments[n]', async () => {
    const merchant = phone();
    await s.onboard(merchant, 'C');
    const form = new FormData();
    form.set('kycDocuments[0].DocType', '8');
    form.set('kycDocuments[0].DocFront', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'register.pdf');
    const url = new URL('/api/merchant/kyc/request', s.sandbox.url);
    url.searchParams.set('PhoneNumber', merchant);
    const response = await fetch(url, { method: 'POST', headers: { 'Chari-Api-Key': 'test_key' }, body: form });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: true });
  });

  test('an unknown field is ignored, not answered with a misleading code', async () => {
    const customer = phone();
    await s.onboard(customer);
    const reply = await s.call('POST', '/api/customers/login', {
      body: { phoneNumber: customer, pin: '1234', deviceName: 'Pixel' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data.logged).toBe(true);
  });
});

describe('webhooks', () => {
  test('customer.level.updated does not carry a cash-in OperationType', async () => {
    const customer = phone();
    await s.onboard(customer);
    const asked = await s.call('POST', '/api/customers/upgrade/request', {
      query: { PhoneNumber: customer, AccountLevel: '2' },
    });
    expect(asked.status).toBe(200);
    await s.control.advanceClock(2 * 24 * 3600);
    await s.call('GET', '/api/customers/info', { query: { phoneNumber: customer } });
    const [delivery] = (await s.control.webhooks('customer.level.updated')).filter(
      (d) => (d.payload as { data: { PrimaryAccountNumber: string } }).data.PrimaryAccountNumber === customer,
    );
    const data = (delivery!.payload as { data: Record<string, unknown> }).data;
    expect(data.AccountLevel).toBe(2);
    expect(DOCUMENTED_OPERATION_TYPES).not.toContain(data.OperationType);
    expect(data.OperationType).toBe(0);
  });

  test('CRequestId is the partner’s C-Request-Id, and absent when none was sent', async () => {
    const [sender, recipient] = [phone(), phone()];
    await s.onboard(sender);
    await s.onboard(recipient);
    await fund(sender, 300);
    const transfer = (headers: Record<string, string>) =>
      s.call('POST', '/api/operations/transfer', {
        headers,
        body: { CustomerPhoneNumber: sender, Amount: 10, Reason: 'Loyer', RecipientPhoneNumber: recipient },
      });
    const withId = await transfer({ 'C-Request-Id': '69906411-0aa24a89-ab2005ca-9d18dc15' });
    const withoutId = await transfer({});
    const events = await s.control.webhooks('transfer.received');
    const of = (operationId: unknown) =>
      (
        events.find((d) => (d.payload as { data: { OperationId: number } }).data.OperationId === operationId)!
          .payload as { data: Record<string, unknown> }
      ).data;
    expect(of(withId.body.data.operationId).CRequestId).toBe('69906411-0aa24a89-ab2005ca-9d18dc15');
    expect(of(withoutId.body.data.operationId)).not.toHaveProperty('CRequestId');
  });
});

describe('operations', () => {
  test('/api/operations/all answers 20005 with the 404 its spec declares', async () => {
    const before = s.sandbox.responseViolations.length;
    const reply = await s.call('GET', '/api/operations/all', { query: { PhoneNumber: '+212799999999' } });
    expect(reply.status).toBe(404);
    expect(reply.body.errorCode).toBe(USER_NOT_FOUND);
    expect(s.sandbox.responseViolations.slice(before)).toEqual([]);
    const responses = resolvePointer(spec, '#/paths/~1api~1operations~1all/get/responses') as object;
    expect(Object.keys(responses)).toContain('404');
  });

  test('an agent pays a saved beneficiary by BeneficiaryId', async () => {
    const owner = phone();
    await s.onboard(owner);
    const saved = await s.call('POST', '/api/customer/beneficiaries', {
      query: { PhoneNumber: owner },
      body: { Name: 'Aminata Diop', Rib: '007780000123456789012345' },
    });
    expect(saved.status).toBe(200);
    const example = '#/paths/~1api~1agents~1principal/get/responses/200/content/application~1json/example';
    const principal = (resolvePointer(spec, example) as { data: { agent: { code: string } } }).data.agent.code;
    const reply = await s.call('POST', '/api/operations/bank-transfer', {
      body: { AgentCode: principal, Amount: 100, BeneficiaryId: saved.body.data.id },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data.amount).toBe(100);
  });
});

describe('error replies in Chari’s format', () => {
  const op = { operationId: 'getCustomerBalance' } as Parameters<
    NonNullable<typeof chariMoneySandbox.errors.rateLimited>
  >[0];

  test('a sandbox fault is a 500 that says it is a sandbox bug', () => {
    const reply = chariMoneySandbox.errors.sandboxFault?.(op, 'state lost');
    expect(reply?.status).toBe(500);
    expect(reply?.body).toMatchObject({ errorCode: 500, errorDescription: expect.stringMatching(/sandbox bug/i) });
  });

  test('over a rate limit: 429 in the ChariError shape', () => {
    const reply = chariMoneySandbox.errors.rateLimited?.(op, 30);
    expect(reply?.status).toBe(429);
    expect(reply?.body).toMatchObject({ errorCode: 429, errorDescription: expect.stringMatching(/30 s/) });
  });

  test('a missing and a wrong API key are both 401, each told apart in the description', () => {
    const missing = chariMoneySandbox.errors.unauthorized('ChariApiKey', op, 'missing');
    const invalid = chariMoneySandbox.errors.unauthorized('ChariApiKey', op, 'invalid');
    expect([missing.status, invalid.status]).toEqual([401, 401]);
    const [told, wrong] = [missing, invalid].map((r) => (r.body as { errorDescription: string }).errorDescription);
    expect(told).toMatch(/Chari-Api-Key header is missing/);
    expect(told).not.toMatch(/not a valid/);
    expect(wrong).toMatch(/Chari-Api-Key header is not a valid/);
    expect(wrong).not.toMatch(/missing/);
  });
});
