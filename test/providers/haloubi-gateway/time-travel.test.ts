import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import spec from '../../../generated/haloubi-gateway/spec.js';
import { listOperations, type OperationInfo } from '../../../src/core/openapi-document.js';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/index.js';

/**
 * Every success example of the Haloubi spec, replayed against a sandbox whose clock reads 2035: nothing in an example
 * may expire. Haloubi's test cards take "Any future date", so an example card expiring in 2027 would be refused.
 */
const API_KEY = { 'X-API-Key': 'test_key' };
const IN_2035 = Date.UTC(2035, 5, 15);

/** What each example does when it succeeds (by hand, from the document's status lifecycle). */
const EXPECTED: Record<string, { status?: string }> = {
  'authorizePayment:default': { status: 'authorized' },
  'salePayment:default': { status: 'captured' },
  'capturePayment:fullCapture': { status: 'captured' },
  'capturePayment:partialCapture': { status: 'captured' },
  'voidPayment:customerRequested': { status: 'voided' },
  'voidPayment:orderCanceled': { status: 'voided' },
  'refundPayment:fullRefund': { status: 'refunded' },
  'refundPayment:partialRefund': { status: 'partially_refunded' },
  'getPayment:none': { status: 'authorized' },
  'createPaymentIntent:default': { status: 'created' },
  'getPublicPaymentIntent:none': { status: 'created' },
  'confirmPaymentIntent:default': { status: 'succeeded' },
  'cancelPaymentIntent:none': { status: 'canceled' },
  'getTransaction:none': {},
  'listTransactions:none': {},
};

let sandbox: RunningSandbox;

/** The fields of Haloubi's payments, intents and transaction lists that the replay reads. */
interface Reply {
  id: string;
  status?: string;
  client_secret?: string;
  created_at: string;
  transactions: { id: string }[];
  error?: { code: string };
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Reply }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: method.toUpperCase(),
    headers: { ...API_KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

function operation(operationId: string): OperationInfo {
  const op = listOperations(spec).find((o) => o.operationId === operationId);
  if (!op) throw new Error(`The Haloubi spec has no operation ${operationId}.`);
  return op;
}

/** Creates, through the API, what an example's `{id}` must name, using the spec's own examples to do it. */
async function seed(operationId: string): Promise<{ id?: string; clientSecret?: string }> {
  const example = (id: string) => operation(id).requestBody?.example;
  const created = async (path: string, body: unknown) => {
    const { status, json } = await call('post', path, body);
    expect(status, `seeding ${operationId} with POST ${path}: ${JSON.stringify(json)}`).toBe(200);
    return json;
  };
  switch (operationId) {
    case 'capturePayment':
    case 'voidPayment':
    case 'getPayment':
      return { id: (await created('/api/v1/payments/authorize', example('authorizePayment'))).id };
    case 'refundPayment':
      return { id: (await created('/api/v1/payments/sale', example('salePayment'))).id };
    case 'getPublicPaymentIntent':
    case 'confirmPaymentIntent':
    case 'cancelPaymentIntent': {
      const intent = await created('/api/v1/payment-intents', example('createPaymentIntent'));
      return { id: intent.id, clientSecret: intent.client_secret };
    }
    case 'getTransaction': {
      await created('/api/v1/payments/authorize', example('authorizePayment'));
      return { id: (await call('get', '/api/v1/transactions')).json.transactions.at(0)?.id };
    }
    default:
      return {};
  }
}

/** Each success example as `operationId:exampleName` (`default` for an unnamed one, `none` without a body). */
function successExamples(): { key: string; op: OperationInfo; body: unknown }[] {
  return listOperations(spec)
    .filter((op) => op.responses.some((r) => /^2\d\d$/.test(r.status)))
    .flatMap((op) => {
      const examples = op.requestBody?.examples ?? [];
      if (examples.length === 0) return [{ key: `${op.operationId}:none`, op, body: undefined }];
      return examples.map((e) => ({ key: `${op.operationId}:${e.name}`, op, body: e.value }));
    });
}

describe('haloubi-gateway examples in 2035', () => {
  beforeAll(async () => {
    // Documented rate limits are not what this measures: the replay sends a few dozen requests at once.
    sandbox = await startSandbox('haloubi-gateway', { rateLimit: false });
    await new SandboxControl(sandbox.url).advanceClock(Math.ceil((IN_2035 - Date.now()) / 1000));
  });
  afterAll(() => sandbox?.close());

  test('the sandbox clock reads 2035', async () => {
    const { json } = await call(
      'post',
      '/api/v1/payment-intents',
      operation('createPaymentIntent').requestBody?.example,
    );
    expect(new Date(json.created_at).getUTCFullYear()).toBe(2035);
  });

  test("the document's 12/2027 illustrates 'any future date', it is no fixed test-card expiry: in 2035 it is refused", async () => {
    const card = { number: '4242424242424242', exp_month: 12, exp_year: 2027, cvv: '123' };
    const { status, json } = await call('post', '/api/v1/payments/authorize', { amount: 9999, currency: 'USD', card });
    expect([status, json.error?.code]).toEqual([400, 'invalid_card']);
  });

  test('every success example has an expected outcome', () => {
    expect(
      successExamples()
        .map((e) => e.key)
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(successExamples().map((e) => [e.key, e] as const))('%s still succeeds', async (key, { op, body }) => {
    const seeded = await seed(op.operationId);
    const path = op.path.replace('{id}', seeded.id ?? '');
    const sent =
      seeded.clientSecret && body && typeof body === 'object' ? { ...body, client_secret: seeded.clientSecret } : body;
    const { status, json } = await call(op.method, path, sent);
    expect(status, JSON.stringify(json)).toBe(200);
    if (EXPECTED[key]?.status) expect(json.status).toBe(EXPECTED[key]?.status);
  });
});
