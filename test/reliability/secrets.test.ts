import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import chariMoneySpec from '../../generated/chari-money/spec.js';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiSpec from '../../generated/haloubi-gateway/spec.js';
import type { CommonClientOptions } from '../../src/core/client.js';
import { PaymentApiError } from '../../src/core/errors.js';
import type { ProviderSlug } from '../../src/core/providers.js';
import { WebhookVerificationError } from '../../src/core/webhooks/types.js';
import { createAlyaPayClient } from '../../src/providers/alyapay/index.js';
import {
  createChariMoneyClient,
  signChariMoneyTestWebhook,
  verifyChariMoneyWebhook,
} from '../../src/providers/chari-money/index.js';
import {
  createChariPayClient,
  signChariPayTestWebhook,
  verifyChariPayWebhook,
} from '../../src/providers/chari-pay/index.js';
import {
  createHaloubiGatewayClient,
  signHaloubiTestWebhook,
  verifyHaloubiWebhook,
} from '../../src/providers/haloubi-gateway/index.js';
import { createNovasendClient, verifyNovasendWebhook } from '../../src/providers/novasend/index.js';
import { SandboxControl } from '../../src/sandbox/control-client.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { webhookExamples } from '../providers/webhook-examples.js';
import { startEchoServer } from './support/echo-server.js';
import { type FaultDecision, type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import {
  capturingLogger,
  errorTexts,
  findLeaks,
  type LogEntry,
  logTexts,
  type ScannedText,
  type Secrets,
} from './support/leak-scanner.js';

/**
 * Every client, on its success and error paths (API errors, wrong credentials, retries, timeouts, resets, request
 * validation) and every webhook verifier's failures, with a capturing logger. Nothing logged and no error produced
 * may contain a credential, a session token, a full PAN, a CVV next to its name or a webhook secret. The values are
 * distinctive, so any hit is a leak.
 */

const KEYS = {
  haloubiApiKey: 'hk_SECRET_haloubi_api_key_4Q7Z',
  chariPaySecretKey: 'sk_SECRET_chari_pay_9XK2',
  chariMoneyApiKey: 'cm_SECRET_chari_money_3JT8',
  alyapayApiKey: 'ak_SECRET_alyapay_6WV1',
  novasendApiKey: 'nv_SECRET_user_2HP5',
  novasendApiClient: 'nv_SECRET_client_8LM3',
  wrongApiKey: 'xx_SECRET_wrong_key_7RD4',
  wrongSessionToken: 'st_SECRET_wrong_session_5KF9',
  haloubiWebhookSecret: 'whsec_SECRET_haloubi_1AA1',
  chariPayWebhookSecret: 'whsec_SECRET_chari_pay_2BB2',
  chariMoneyWebhookSecret: 'whk_SECRET_chari_money_3CC3',
  wrongWebhookSecret: 'whsec_SECRET_wrong_4DD4',
};
const PANS = {
  haloubiVisa: '4242424242424242',
  haloubiDecline: '4000000000000002',
  chariMoney: (chariMoneySpec['x-test-cards'] as { number: string }[])[0]!.number,
  unknown: '4111111111111111',
};
const HALOUBI_CVV = '987';
const CHARI_MONEY_CARD = (chariMoneySpec['x-test-cards'] as { cvv: string; threeDSecureCode: string }[])[0]!;
const CHARI_MONEY_OTP = (chariMoneySpec as { 'x-test-otp': { code: string } })['x-test-otp'].code;
const CHARI_MONEY_PHONE = '+212611223344';
/** the wallet the retry test registers for itself */
const CHARI_MONEY_RETRY_PHONE = '+212611223355';
const basic = Buffer.from(`${KEYS.novasendApiKey}:${KEYS.novasendApiClient}`).toString('base64');

/**
 * Issued by the sandboxes during the run (session tokens, client secrets): secrets too. The tests against fault
 * proxies and echo servers use a fixed session token of their own, so no test needs another to have run first.
 */
const issued: Record<string, string> = {
  alyapayFixedSessionToken: 'alyapay_session_SECRETfixed0001',
  haloubiFixedClientSecret: 'pi_fixed_secret_SECRETfixed0001',
};
/** the AlyaPay transaction the fault-proxy and echo tests ask for (not a secret) */
const ALYAPAY_TRANSACTION_ID = 'c335bbf0-ae49-42e7-9a7e-c1a6888406dd';
/** the paid AlyaPay transaction the retry test creates for itself (its token goes into `issued`) */
const alyapayRetryTransaction = { id: ALYAPAY_TRANSACTION_ID };
const logs: LogEntry[] = [];
const errors: { label: string; error: unknown }[] = [];
const unexpectedSuccesses: string[] = [];
const wrongKinds: string[] = [];
const logger = capturingLogger(logs);

const sandboxes = {} as Record<ProviderSlug, RunningSandbox>;
const proxies: FaultProxy[] = [];

function secrets(): Secrets {
  return {
    values: {
      ...KEYS,
      ...issued,
      ...PANS,
      novasendBasicRaw: `${KEYS.novasendApiKey}:${KEYS.novasendApiClient}`,
      novasendBasicBase64: basic,
    },
    cvvs: [HALOUBI_CVV, CHARI_MONEY_CARD.cvv],
  };
}

/** What kind of failure an error is: a client error's `kind`, a webhook error's `reason`, else its class name. */
function kindOf(error: unknown): string {
  if (error instanceof PaymentApiError) return error.kind;
  if (error instanceof WebhookVerificationError) return error.reason;
  return error instanceof Error ? error.constructor.name : typeof error;
}

function expectKind(label: string, kind: string, error: unknown): void {
  errors.push({ label, error });
  if (kindOf(error) !== kind) wrongKinds.push(`${label}: expected ${kind}, got ${kindOf(error)} (${String(error)})`);
}

/**
 * A call that must fail with one kind of error (a TypeError is not a declined card): its error is kept for scanning;
 * a success or another kind is a broken scenario.
 */
async function failing(label: string, kind: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
    unexpectedSuccesses.push(label);
  } catch (error) {
    expectKind(label, kind, error);
  }
}

function failingSync(label: string, kind: string, call: () => unknown): void {
  try {
    call();
    unexpectedSuccesses.push(label);
  } catch (error) {
    expectKind(label, kind, error);
  }
}

const common = (baseUrl: string, extra: CommonClientOptions = {}): CommonClientOptions => ({
  baseUrl,
  logger,
  validate: 'both',
  maxRetries: 0,
  ...extra,
});

const clients = {
  'haloubi-gateway': (
    baseUrl: string,
    extra?: CommonClientOptions,
    apiKey = KEYS.haloubiApiKey,
    clientSecret?: string,
  ) => createHaloubiGatewayClient({ ...common(baseUrl, extra), apiKey, clientSecret }),
  'chari-pay': (baseUrl: string, extra?: CommonClientOptions, secretKey = KEYS.chariPaySecretKey) =>
    createChariPayClient({ ...common(baseUrl, extra), secretKey }),
  'chari-money': (baseUrl: string, extra?: CommonClientOptions, apiKey = KEYS.chariMoneyApiKey) =>
    createChariMoneyClient({ ...common(baseUrl, extra), apiKey }),
  alyapay: (baseUrl: string, extra?: CommonClientOptions, apiKey = KEYS.alyapayApiKey, sessionToken?: string) =>
    createAlyaPayClient({ ...common(baseUrl, extra), apiKey, sessionToken }),
  novasend: (
    baseUrl: string,
    extra?: CommonClientOptions,
    apiKey = KEYS.novasendApiKey,
    apiClient = KEYS.novasendApiClient,
  ) => createNovasendClient({ ...common(baseUrl, extra), apiKey, apiClient }),
};

const haloubiCard = (number: string) => ({
  number,
  exp_month: 12,
  exp_year: new Date().getUTCFullYear() + 2,
  cvv: HALOUBI_CVV,
  cardholder_name: 'Secret Scan',
});
const chariMoneyExpiry = `${String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0')}12`;
const chariMoneyCashIn = (Pan: string, Amount = 50) => ({
  FirstName: 'Amine',
  LastName: 'Benali',
  Cvv: CHARI_MONEY_CARD.cvv,
  Amount,
  Pan,
  ExpiryDate: chariMoneyExpiry,
  KeepAlive: false,
});
const alyapayOrder = {
  total: '1799.00',
  currency: 'MAD' as const,
  items: [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }],
};
const novasendPayin = () => ({
  reference: randomUUID(),
  accountId: 'merchant_9923lkdz',
  amount: 300,
  msisdn: '+2250702968786',
  customerName: 'John Doe',
  country: 'CI' as const,
});
// No webhook_url: a sandbox delivers a payment's events to its own webhook_url, and none may leave the machine.
const chariPayment = (token: string) => ({
  amount: 15000,
  currency: 'MAD' as const,
  reference: `ORDER-${randomUUID()}`,
  return_url: 'https://shop.example/return',
  payment_method: token,
});
const chariPayToken = (outcome: string) =>
  (chariPaySpec['x-test-cards'] as { token: string; outcome: string }[]).find((c) => c.outcome === outcome)!.token;

/**
 * One call per provider that the client may retry: a POST with an idempotency key where the provider has one, else a
 * GET (a POST without a key is never retried, so it would not exercise the retry path).
 */
const retryableCall: Record<ProviderSlug, (baseUrl: string, extra: CommonClientOptions) => Promise<unknown>> = {
  'haloubi-gateway': (url, extra) =>
    clients['haloubi-gateway'](url, extra).post('/api/v1/payments/authorize', {
      body: { amount: 500, currency: 'USD', card: haloubiCard(PANS.haloubiVisa) },
    }),
  'chari-pay': (url, extra) => clients['chari-pay'](url, extra).get('/v1/payments', {}),
  'chari-money': (url, extra) =>
    clients['chari-money'](url, extra).get('/api/customers/balance', {
      params: { query: { phoneNumber: CHARI_MONEY_RETRY_PHONE } },
    }),
  alyapay: (url, extra) =>
    clients
      .alyapay(url, extra, KEYS.alyapayApiKey, issued.alyapayRetrySessionToken)
      .get('/api/v1/public/transactions/{transaction_id}/status', {
        params: { path: { transaction_id: alyapayRetryTransaction.id } },
      }),
  novasend: (url, extra) => clients.novasend(url, extra).post('/v1/payin/sessions', { body: novasendPayin() }),
};

const scanned: ScannedText[] = [];
/** Scans what the run produced since the last scan; returns the leaks found. */
function scanNew(): ReturnType<typeof findLeaks> {
  const texts = [
    ...logs.splice(0).flatMap((entry, i) => logTexts(entry, scanned.length + i)),
    ...errors.splice(0).flatMap(({ label, error }) => errorTexts(error, label)),
  ];
  scanned.push(...texts);
  return findLeaks(texts, secrets());
}

/** Each test starts with no failures of its own, whatever ran before it. */
beforeEach(() => {
  unexpectedSuccesses.length = 0;
  wrongKinds.length = 0;
});

/** Every call that had to fail failed with its kind, the test produced texts to scan, and none holds a secret. */
function expectCleanScenario(): void {
  expect(unexpectedSuccesses, 'calls that had to fail').toEqual([]);
  expect(wrongKinds, 'failures of the wrong kind').toEqual([]);
  const before = scanned.length;
  const leaks = scanNew();
  expect(scanned.length - before, 'texts this test produced to scan').toBeGreaterThan(0);
  expect(leaks).toEqual([]);
}

beforeAll(async () => {
  const start = async (slug: ProviderSlug, credentials: Record<string, unknown>, webhookSecret?: string) => {
    sandboxes[slug] = await startSandbox(slug, { credentials: credentials as never, webhookSecret });
  };
  await Promise.all([
    start('haloubi-gateway', { ApiKeyAuth: KEYS.haloubiApiKey }, KEYS.haloubiWebhookSecret),
    start('chari-pay', { SecretKey: KEYS.chariPaySecretKey }, KEYS.chariPayWebhookSecret),
    start('chari-money', { ChariApiKey: KEYS.chariMoneyApiKey }, KEYS.chariMoneyWebhookSecret),
    start('alyapay', { ApiKeyAuth: KEYS.alyapayApiKey }),
    start('novasend', { BasicAuth: { username: KEYS.novasendApiKey, password: KEYS.novasendApiClient } }),
  ]);
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await Promise.all(Object.values(sandboxes).map((s) => s.close()));
  const leaks = findLeaks(scanned, secrets());
  console.log(
    `secrets: items scanned=${scanned.length}, secrets leaked=${leaks.length}${leaks.length ? ` ${JSON.stringify(leaks.slice(0, 5))}` : ''}`,
  );
});

test('haloubi-gateway: payments, declines, intents with a client secret, wrong credentials, request validation', async () => {
  const url = sandboxes['haloubi-gateway'].url;
  const client = clients['haloubi-gateway'](url);
  await client.post('/api/v1/payments/authorize', {
    body: { amount: 1000, currency: 'USD', card: haloubiCard(PANS.haloubiVisa) },
  });
  await failing('haloubi declined card', 'payment_declined', () =>
    client.post('/api/v1/payments/authorize', {
      body: { amount: 1000, currency: 'USD', card: haloubiCard(PANS.haloubiDecline) },
    }),
  );
  await failing('haloubi unknown card', 'invalid_request', () =>
    client.post('/api/v1/payments/sale', { body: { amount: 1000, currency: 'USD', card: haloubiCard(PANS.unknown) } }),
  );
  await failing('haloubi wrong api key', 'authentication', () =>
    clients['haloubi-gateway'](url, {}, KEYS.wrongApiKey).post('/api/v1/payments/authorize', {
      body: { amount: 1000, currency: 'USD', card: haloubiCard(PANS.haloubiVisa) },
    }),
  );
  await failing('haloubi request validation', 'request_validation', () =>
    client.post('/api/v1/payments/authorize', {
      body: {
        amount: '10.00',
        currency: 'USD',
        card: { ...haloubiCard(PANS.haloubiVisa), cvv: Number(HALOUBI_CVV) },
      } as never,
    }),
  );
  await failing('haloubi sandbox-side validation', 'invalid_request', () =>
    clients['haloubi-gateway'](url, { validate: 'responses' }).post('/api/v1/payments/authorize', {
      body: { amount: -5, currency: 'USD', card: { ...haloubiCard(PANS.haloubiVisa), number: `${PANS.haloubiVisa}x` } },
    }),
  );

  const { data: intent } = await client.post('/api/v1/payment-intents', {
    body: { amount: 2500, currency: 'USD', success_url: 'https://shop.example/success' },
  });
  expect(intent.client_secret, 'a client secret to keep out of logs').toEqual(expect.any(String));
  issued.haloubiClientSecret = String(intent.client_secret);
  const pay = { params: { path: { id: intent.id } } };
  await failing('haloubi confirm with a wrong client secret', 'authentication', () =>
    client.post('/api/public/payment-intents/{id}/confirm', {
      ...pay,
      body: { client_secret: `${intent.id}_secret_SECRETwrong`, card: haloubiCard(PANS.haloubiVisa) },
    }),
  );
  issued.haloubiWrongClientSecret = `${intent.id}_secret_SECRETwrong`;
  const browser = clients['haloubi-gateway'](url, {}, KEYS.haloubiApiKey, intent.client_secret!);
  await failing('haloubi confirm with a declined card', 'payment_declined', () =>
    browser.post('/api/public/payment-intents/{id}/confirm', {
      ...pay,
      body: { card: haloubiCard(PANS.haloubiDecline) },
    }),
  );
  await browser.post('/api/public/payment-intents/{id}/confirm', {
    ...pay,
    body: { card: haloubiCard(PANS.haloubiVisa) },
  });
  await failing('haloubi confirm twice', 'invalid_request', () =>
    browser.post('/api/public/payment-intents/{id}/confirm', { ...pay, body: { card: haloubiCard(PANS.haloubiVisa) } }),
  );

  expectCleanScenario();
});

test('chari-pay: payments, declines, wrong credentials, request validation', async () => {
  const url = sandboxes['chari-pay'].url;
  const client = clients['chari-pay'](url);
  await client.post('/v1/payments', { body: chariPayment(chariPayToken('captured')) });
  await client.post('/v1/payments', { body: chariPayment(chariPayToken('failed')) });
  await failing('chari-pay wrong secret key', 'authentication', () =>
    clients['chari-pay'](url, {}, KEYS.wrongApiKey).post('/v1/payments', {
      body: chariPayment(chariPayToken('captured')),
    }),
  );
  await failing('chari-pay unknown payment', 'not_found', () =>
    client.get('/v1/payments/{id}', { params: { path: { id: 'pay_SECRETnothing' } } }),
  );
  await failing('chari-pay request validation', 'request_validation', () =>
    client.post('/v1/payments', { body: { ...chariPayment(chariPayToken('captured')), amount: 'lots' } as never }),
  );
  await failing('chari-pay sandbox-side validation', 'invalid_request', () =>
    clients['chari-pay'](url, { validate: 'responses' }).post('/v1/payments', {
      body: { ...chariPayment(chariPayToken('captured')), payment_method: `pm_${PANS.haloubiVisa}` },
    }),
  );
  expectCleanScenario();
});

test('chari-money: wallet onboarding, card cash-in with PAN and CVV, business errors, wrong credentials, request validation', async () => {
  const url = sandboxes['chari-money'].url;
  const client = clients['chari-money'](url);
  const phoneNumber = CHARI_MONEY_PHONE;
  await client.post('/api/customers/register', {
    body: { phoneNumber, firstName: 'Amine', lastName: 'Benali', cin: 'AB123456', walletType: 'P' },
  });
  await client.post('/api/customers/confirm', { body: { phoneNumber, code: CHARI_MONEY_OTP, walletType: 'P' } });
  await client.post('/api/customers/pin', { body: { phoneNumber, pin: '4826' } });
  const { data: cashIn } = await client.post('/api/operations/cashin/card', {
    params: { query: { PhoneNumber: phoneNumber } },
    body: chariMoneyCashIn(PANS.chariMoney),
  });
  await new SandboxControl(url).completeChariMoneyThreeDSecure(cashIn.operationId!, CHARI_MONEY_CARD.threeDSecureCode);
  await failing('chari-money card cash-in for an unknown wallet', 'not_found', () =>
    client.post('/api/operations/cashin/card', {
      params: { query: { PhoneNumber: '+212699999999' } },
      body: chariMoneyCashIn(PANS.chariMoney),
    }),
  );
  await failing('chari-money card cash-in with an unknown card', 'invalid_request', () =>
    client.post('/api/operations/cashin/card', {
      params: { query: { PhoneNumber: phoneNumber } },
      body: chariMoneyCashIn(PANS.unknown),
    }),
  );
  await failing('chari-money cash-in above the balance limit', 'invalid_request', () =>
    client.post('/api/operations/cashin/card', {
      params: { query: { PhoneNumber: phoneNumber } },
      body: chariMoneyCashIn(PANS.chariMoney, 999_999),
    }),
  );
  await failing('chari-money wrong api key', 'authentication', () =>
    clients['chari-money'](url, {}, KEYS.wrongApiKey).get('/api/customers/balance', {
      params: { query: { phoneNumber } },
    }),
  );
  await failing('chari-money request validation', 'request_validation', () =>
    client.post('/api/operations/cashin/card', {
      params: { query: { PhoneNumber: phoneNumber } },
      body: { ...chariMoneyCashIn(PANS.chariMoney), Cvv: Number(CHARI_MONEY_CARD.cvv) } as never,
    }),
  );
  await failing('chari-money sandbox-side validation', 'invalid_request', () =>
    clients['chari-money'](url, { validate: 'responses' }).post('/api/operations/cashin/card', {
      params: { query: { PhoneNumber: phoneNumber } },
      body: { ...chariMoneyCashIn(PANS.chariMoney), Pan: `${PANS.chariMoney}0000` },
    }),
  );
  expectCleanScenario();
});

test('alyapay: sessions, transaction status with a session token, wrong key and token, request validation', async () => {
  const url = sandboxes.alyapay.url;
  const client = clients.alyapay(url);
  const { data: session } = await client.post('/api/v1/public/sessions', { body: alyapayOrder });
  issued.alyapaySessionToken = session.session_token;
  expect(session.session_token, 'a session token to keep out of logs').toEqual(expect.any(String));
  const { transaction_id } = await new SandboxControl(url).payAlyaPaySession(session.session_id, 'APPROVED');
  await clients
    .alyapay(url, {}, KEYS.alyapayApiKey, session.session_token)
    .get('/api/v1/public/transactions/{transaction_id}/status', { params: { path: { transaction_id } } });
  await failing('alyapay unknown transaction', 'not_found', () =>
    clients
      .alyapay(url, {}, KEYS.alyapayApiKey, session.session_token)
      .get('/api/v1/public/transactions/{transaction_id}/status', {
        params: { path: { transaction_id: randomUUID() } },
      }),
  );
  await failing('alyapay wrong session token', 'authentication', () =>
    clients
      .alyapay(url, {}, KEYS.alyapayApiKey, KEYS.wrongSessionToken)
      .get('/api/v1/public/transactions/{transaction_id}/status', { params: { path: { transaction_id } } }),
  );
  await failing('alyapay wrong api key', 'authentication', () =>
    clients.alyapay(url, {}, KEYS.wrongApiKey).post('/api/v1/public/sessions', { body: alyapayOrder }),
  );
  await failing('alyapay amount mismatch', 'invalid_request', () =>
    clients
      .alyapay(url, { validate: 'responses' })
      .post('/api/v1/public/sessions', { body: { ...alyapayOrder, total: '1800.00' } }),
  );
  await failing('alyapay request validation', 'request_validation', () =>
    client.post('/api/v1/public/sessions', { body: { ...alyapayOrder, currency: 'EUR' } as never }),
  );
  expectCleanScenario();
});

test('novasend: payins with Basic credentials, wrong credentials, unknown reference, request validation', async () => {
  const url = sandboxes.novasend.url;
  const client = clients.novasend(url);
  const { data: payin } = await client.post('/v1/payin/sessions', { body: novasendPayin() });
  await client.get('/v1/payin/{reference}', { params: { path: { reference: payin.reference } } });
  await failing('novasend wrong api client', 'authentication', () =>
    clients
      .novasend(url, {}, KEYS.novasendApiKey, KEYS.wrongApiKey)
      .post('/v1/payin/sessions', { body: novasendPayin() }),
  );
  await failing('novasend wrong api key', 'authentication', () =>
    clients
      .novasend(url, {}, KEYS.wrongApiKey)
      .get('/v1/payin/{reference}', { params: { path: { reference: payin.reference } } }),
  );
  await failing('novasend unknown reference', 'not_found', () =>
    client.get('/v1/payin/{reference}', { params: { path: { reference: randomUUID() } } }),
  );
  await failing('novasend request validation', 'request_validation', () =>
    client.post('/v1/payin/sessions', { body: { ...novasendPayin(), amount: -1 } }),
  );
  await failing('novasend sandbox-side validation', 'invalid_request', () =>
    clients
      .novasend(url, { validate: 'responses' })
      .post('/v1/payin/sessions', { body: { ...novasendPayin(), amount: 0 } }),
  );
  expectCleanScenario();
});

test('every client through retries, timeouts and connection resets', async () => {
  // A real session and paid transaction of its own, so the status call succeeds through the flaky proxy.
  const alyapayUrl = sandboxes.alyapay.url;
  const { data: session } = await clients.alyapay(alyapayUrl).post('/api/v1/public/sessions', { body: alyapayOrder });
  issued.alyapayRetrySessionToken = session.session_token;
  const paid = await new SandboxControl(alyapayUrl).payAlyaPaySession(session.session_id, 'APPROVED');
  alyapayRetryTransaction.id = paid.transaction_id;
  const chariMoney = clients['chari-money'](sandboxes['chari-money'].url);
  const phoneNumber = CHARI_MONEY_RETRY_PHONE;
  await chariMoney.post('/api/customers/register', {
    body: { phoneNumber, firstName: 'Amine', lastName: 'Benali', cin: 'AB123457', walletType: 'P' },
  });
  await chariMoney.post('/api/customers/confirm', { body: { phoneNumber, code: CHARI_MONEY_OTP, walletType: 'P' } });
  // 503 on every other request: each call succeeds on its retry. Held or reset: every attempt fails.
  const retried = (n: number): FaultDecision => ({ kind: n % 2 === 0 ? 'unavailable' : 'pass', timing: 'before' });
  // Provider by provider concurrently: each has its own proxies, and the backoff between retries would add up.
  await Promise.all(
    (Object.keys(retryableCall) as ProviderSlug[]).map(async (slug) => {
      const target = sandboxes[slug].url;
      const [flaky, slow, broken] = await Promise.all([
        startFaultProxy({ target, decide: retried, delayMs: 0 }),
        startFaultProxy({ target, decide: () => ({ kind: 'delay', timing: 'after' }), delayMs: 400 }),
        startFaultProxy({
          target,
          decide: (n) => ({ kind: 'reset', timing: n % 2 === 0 ? 'before' : 'after' }),
          delayMs: 0,
        }),
      ]);
      proxies.push(flaky, slow, broken);
      await retryableCall[slug](flaky.url, { maxRetries: 2 });
      await failing(`${slug} timeout`, 'timeout', () =>
        retryableCall[slug](slow.url, { maxRetries: 1, timeoutMs: 100 }),
      );
      await failing(`${slug} connection reset`, 'connection', () => retryableCall[slug](broken.url, { maxRetries: 1 }));
      await failing(`${slug} server error after retries`, 'server', () =>
        retryableCall[slug](flaky.url, { maxRetries: 0 }),
      );
      expect(flaky.requests).toBe(3);
    }),
  );
  expect(logs.filter((l) => l.message.includes('retrying')).length, 'retries were logged').toBeGreaterThanOrEqual(10);
  expectCleanScenario();
});

test('a provider that echoes requests back in its errors: every client scrubs what it sent', async () => {
  /** Calls that carry every kind of secret a client sends: keys, Basic, bearer, session token, client secret, PAN, CVV. */
  const secretCarrying: [string, (url: string, extra: CommonClientOptions) => Promise<unknown>][] = [
    [
      'haloubi-gateway authorize',
      (url, extra) =>
        clients['haloubi-gateway'](url, extra).post('/api/v1/payments/authorize', {
          body: { amount: 500, currency: 'USD', card: haloubiCard(PANS.haloubiVisa) },
        }),
    ],
    [
      'haloubi-gateway confirm with a client secret',
      (url, extra) =>
        clients['haloubi-gateway'](url, extra, KEYS.haloubiApiKey, issued.haloubiFixedClientSecret).post(
          '/api/public/payment-intents/{id}/confirm',
          {
            params: { path: { id: 'pi_echo' } },
            body: { client_secret: issued.haloubiFixedClientSecret, card: haloubiCard(PANS.haloubiVisa) },
          },
        ),
    ],
    [
      'chari-pay create payment',
      (url, extra) =>
        clients['chari-pay'](url, extra).post('/v1/payments', { body: chariPayment(chariPayToken('captured')) }),
    ],
    [
      'chari-money card cash-in',
      (url, extra) =>
        clients['chari-money'](url, extra).post('/api/operations/cashin/card', {
          params: { query: { PhoneNumber: CHARI_MONEY_PHONE } },
          body: chariMoneyCashIn(PANS.chariMoney),
        }),
    ],
    [
      'alyapay create session',
      (url, extra) => clients.alyapay(url, extra).post('/api/v1/public/sessions', { body: alyapayOrder }),
    ],
    [
      'alyapay status with a session token',
      (url, extra) =>
        clients
          .alyapay(url, extra, KEYS.alyapayApiKey, issued.alyapayFixedSessionToken)
          .get('/api/v1/public/transactions/{transaction_id}/status', {
            params: { path: { transaction_id: ALYAPAY_TRANSACTION_ID } },
          }),
    ],
    [
      'novasend create payin',
      (url, extra) => clients.novasend(url, extra).post('/v1/payin/sessions', { body: novasendPayin() }),
    ],
  ];
  // What the echo servers really sent back, unredacted: the proof that there was something to scrub.
  const rawReplies: string[] = [];
  const recording = async (request: Request) => {
    const response = await globalThis.fetch(request);
    rawReplies.push(await response.clone().text());
    return response;
  };
  const [rejecting, crashing] = await Promise.all([startEchoServer(400), startEchoServer(500)]);
  try {
    // Concurrently: each call is independent, and the retries' backoff would otherwise add up.
    await Promise.all(
      secretCarrying.map(async ([name, call]) => {
        await failing(`${name} echoed in a 400`, 'invalid_request', () =>
          call(rejecting.url, { validate: 'off', fetch: recording }),
        );
        await failing(
          `${name} echoed in a 400, responses validated`,
          // The echo body fits Chari Pay's and Novasend's error schemas; the others' need fields it lacks.
          /^(chari-pay|novasend) /.test(name) ? 'invalid_request' : 'response_validation',
          () => call(rejecting.url, { validate: 'responses', fetch: recording }),
        );
        await failing(`${name} echoed in a 500 after a retry`, 'server', () =>
          call(crashing.url, { validate: 'off', maxRetries: 1, fetch: recording }),
        );
      }),
    );
  } finally {
    await Promise.all([rejecting.close(), crashing.close()]);
  }
  const echoed = findLeaks(
    rawReplies.map((text, i) => ({ where: `raw reply ${i}`, text })),
    secrets(),
  ).map((l) => l.secret);
  expect(new Set(echoed)).toEqual(
    new Set([
      'haloubiApiKey',
      'haloubiFixedClientSecret',
      'chariPaySecretKey',
      'chariMoneyApiKey',
      'alyapayApiKey',
      'alyapayFixedSessionToken',
      'novasendBasicBase64',
      'haloubiVisa',
      'chariMoney',
      'CVV',
    ]),
  );
  expectCleanScenario();
});

test('webhook verification failures: wrong secret, tampered body, missing signature, unparsable payload', () => {
  const hmacProviders = [
    {
      name: 'chari-pay',
      spec: chariPaySpec,
      secret: KEYS.chariPayWebhookSecret,
      sign: signChariPayTestWebhook,
      verify: verifyChariPayWebhook,
    },
    {
      name: 'haloubi-gateway',
      spec: haloubiSpec,
      secret: KEYS.haloubiWebhookSecret,
      sign: signHaloubiTestWebhook,
      verify: verifyHaloubiWebhook,
    },
    {
      name: 'chari-money',
      spec: chariMoneySpec,
      secret: KEYS.chariMoneyWebhookSecret,
      sign: signChariMoneyTestWebhook,
      verify: verifyChariMoneyWebhook,
    },
  ];
  for (const p of hmacProviders) {
    const [, , payload] = webhookExamples(p.spec)[0]!;
    const { body, headers } = p.sign(payload, p.secret);
    const header = (p.spec['x-webhook-signature'] as { header: string }).header;
    failingSync(`${p.name} webhook with a wrong secret`, 'bad_signature', () =>
      p.verify(body, headers, KEYS.wrongWebhookSecret),
    );
    failingSync(`${p.name} webhook signed with a wrong secret`, 'bad_signature', () =>
      p.verify(body, p.sign(payload, KEYS.wrongWebhookSecret).headers, p.secret),
    );
    failingSync(`${p.name} webhook without its signature header`, 'missing_header', () =>
      p.verify(body, Object.fromEntries(Object.entries(headers).filter(([n]) => n !== header)), p.secret),
    );
    failingSync(`${p.name} webhook with an unparsable body`, 'bad_payload', () =>
      p.verify(`${body}}`, p.sign(`${body}}`, p.secret).headers, p.secret),
    );
    if (p.name !== 'chari-money')
      failingSync(`${p.name} webhook with a tampered body`, 'bad_signature', () =>
        p.verify(body.replace('"', ' "'), headers, p.secret),
      );
  }
  failingSync('novasend webhook with an unparsable body', 'bad_payload', () => verifyNovasendWebhook('{"event":'));
  expectCleanScenario();
});

test('the leak scanner finds a planted key, a base64 Basic credential and a CVV next to its name', () => {
  // The scanner finds what it looks for: a planted key, a base64 Basic credential and a CVV next to its name.
  const planted = [
    {
      where: 'planted',
      text: `Authorization: Bearer ${KEYS.chariPaySecretKey}, Basic ${basic}, {"Cvv":"${CHARI_MONEY_CARD.cvv}"}`,
    },
  ];
  expect(
    findLeaks(planted, secrets())
      .map((l) => l.secret)
      .sort(),
  ).toEqual(['CVV', 'chariPaySecretKey', 'novasendBasicBase64']);
});
