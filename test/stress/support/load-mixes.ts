import { randomUUID } from 'node:crypto';
import type autocannon from 'autocannon';
import { expect } from 'vitest';
import alyapaySpec from '../../../generated/alyapay/spec.js';
import chariMoneySpec from '../../../generated/chari-money/spec.js';
import chariPaySpec from '../../../generated/chari-pay/spec.js';
import haloubiSpec from '../../../generated/haloubi-gateway/spec.js';
import novasendSpec from '../../../generated/novasend/spec.js';
import type { ProviderSlug } from '../../../src/core/providers.js';
import { createAlyaPayClient } from '../../../src/providers/alyapay/index.js';
import { createChariMoneyClient } from '../../../src/providers/chari-money/index.js';
import { createChariPayClient } from '../../../src/providers/chari-pay/index.js';
import { createHaloubiGatewayClient } from '../../../src/providers/haloubi-gateway/index.js';
import { createNovasendClient } from '../../../src/providers/novasend/index.js';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { sandboxDefaults } from '../../../src/sandbox/index.js';
import { idempotencyHeaderOf, type KindTally, loadRequest } from './load-request.js';
import type { StateSummary } from './sandbox-ipc.js';

/**
 * What each sandbox is loaded with: a cycle of requests that all answer 2xx on a healthy sandbox, one in every
 * `READS_PER_WRITE + 1` creating state (so the state grows slowly and a leak per request stands out), and the state
 * invariant the created resources must satisfy afterwards.
 */
export interface LoadMix {
  requests: autocannon.Request[];
  /** responses by kind of request */
  tally: Record<string, KindTally>;
  /** The state after the load agrees with the responses: one resource per 2xx creation, balances that add up. */
  checkState(before: StateSummary, after: StateSummary): string;
}

const READS_PER_WRITE = 4;
const tallies = <K extends string>(...kinds: K[]) =>
  Object.fromEntries(kinds.map((k) => [k, { ok: 0, other: 0 }])) as Record<K, KindTally>;
const cycle = (write: autocannon.Request, ...reads: autocannon.Request[]) => [
  write,
  ...Array.from({ length: READS_PER_WRITE }, (_, i) => reads[i % reads.length]!),
];
const grew = (before: StateSummary, after: StateSummary, collection: string) =>
  (after.sizes[collection] ?? 0) - (before.sizes[collection] ?? 0);
const futureYear = () => new Date().getUTCFullYear() + 2;

async function haloubiMix(baseUrl: string): Promise<LoadMix> {
  const { credentials } = await sandboxDefaults('haloubi-gateway');
  const client = createHaloubiGatewayClient({ baseUrl, apiKey: String(credentials.ApiKeyAuth) });
  const body = {
    amount: 1999,
    currency: 'USD' as const,
    card: { number: '4242424242424242', exp_month: 12, exp_year: futureYear(), cvv: '123' },
    description: 'load',
  };
  const { data: seeded } = await client.post('/api/v1/payments/authorize', { body });
  const replayKey = `load-replay-${randomUUID()}`;
  await client.post('/api/v1/payments/authorize', { body, idempotencyKey: replayKey });
  const keyHeader = idempotencyHeaderOf(haloubiSpec, 'authorizePayment');
  const tally = tallies('authorize', 'getPayment', 'replay');
  let seq = 0;
  return {
    tally,
    requests: cycle(
      loadRequest(
        haloubiSpec,
        'authorizePayment',
        { credentials, body, fresh: () => ({ headers: { [keyHeader]: `load-${seq++}` } }) },
        tally.authorize,
      ),
      loadRequest(haloubiSpec, 'getPayment', { credentials, path: { id: seeded.id } }, tally.getPayment),
      loadRequest(
        haloubiSpec,
        'authorizePayment',
        { credentials, body, fresh: () => ({ headers: { [keyHeader]: replayKey } }) },
        tally.replay,
      ),
    ),
    checkState: (before, after) => {
      expect(grew(before, after, 'payments'), 'one payment per 2xx authorization (replays create none)').toBe(
        tally.authorize.ok,
      );
      expect(grew(before, after, 'transactions'), 'one transaction per payment').toBe(tally.authorize.ok);
      return `payments +${grew(before, after, 'payments')} = authorizations answered 2xx`;
    },
  };
}

async function chariPayMix(baseUrl: string): Promise<LoadMix> {
  const { credentials } = await sandboxDefaults('chari-pay');
  const token = (chariPaySpec['x-test-cards'] as { token: string; outcome: string }[]).find(
    (c) => c.outcome === 'captured',
  )!.token;
  // No webhook_url: a sandbox delivers a payment's events to its own webhook_url, and none may leave the machine.
  const payment = () => ({
    amount: 15000,
    currency: 'MAD' as const,
    reference: `LOAD-${randomUUID()}`,
    return_url: 'https://shop.example/return',
    payment_method: token,
  });
  const { data: seeded } = await createChariPayClient({ baseUrl, secretKey: String(credentials.SecretKey) }).post(
    '/v1/payments',
    { body: payment() },
  );
  const tally = tallies('createPayment', 'getPayment');
  return {
    tally,
    requests: cycle(
      loadRequest(
        chariPaySpec,
        'createPayment',
        { credentials, fresh: () => ({ body: payment() }) },
        tally.createPayment,
      ),
      loadRequest(chariPaySpec, 'getPayment', { credentials, path: { id: seeded.id } }, tally.getPayment),
    ),
    checkState: (before, after) => {
      expect(grew(before, after, 'payments'), 'one payment per 2xx creation').toBe(tally.createPayment.ok);
      return `payments +${grew(before, after, 'payments')} = creations answered 2xx`;
    },
  };
}

/** Two funded wallets sending one centime back and forth: the money in the sandbox must stay where it was sent. */
async function chariMoneyMix(baseUrl: string): Promise<LoadMix> {
  const { credentials } = await sandboxDefaults('chari-money');
  const client = createChariMoneyClient({ baseUrl, apiKey: String(credentials.ChariApiKey) });
  const card = (chariMoneySpec['x-test-cards'] as { number: string; cvv: string; threeDSecureCode: string }[])[0]!;
  const otp = (chariMoneySpec as { 'x-test-otp': { code: string } })['x-test-otp'].code;
  const expiry = `${String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0')}12`;
  const wallets = ['+212677000001', '+212677000002'] as const;
  for (const phoneNumber of wallets) {
    await client.post('/api/customers/register', {
      body: { phoneNumber, firstName: 'Load', lastName: 'Test', cin: 'LT123456', walletType: 'P' },
    });
    await client.post('/api/customers/confirm', { body: { phoneNumber, code: otp, walletType: 'P' } });
    await client.post('/api/customers/pin', { body: { phoneNumber, pin: '1357' } });
    const { data } = await client.post('/api/operations/cashin/card', {
      params: { query: { PhoneNumber: phoneNumber } },
      body: {
        FirstName: 'Load',
        LastName: 'Test',
        Cvv: card.cvv,
        Amount: 400,
        Pan: card.number,
        ExpiryDate: expiry,
        KeepAlive: false,
      },
    });
    await new SandboxControl(baseUrl).completeChariMoneyThreeDSecure(data.operationId!, card.threeDSecureCode);
  }
  const [a, b] = wallets;
  const tally = tallies('transferAToB', 'transferBToA', 'balance');
  const transfer = (from: string, to: string) => ({
    CustomerPhoneNumber: from,
    RecipientPhoneNumber: to,
    Amount: 0.01,
    Reason: 'load',
  });
  const balance = (phoneNumber: string) =>
    loadRequest(chariMoneySpec, 'getCustomerBalance', { credentials, query: { phoneNumber } }, tally.balance);
  const [write, ...reads] = cycle(
    loadRequest(chariMoneySpec, 'executeTransfer', { credentials, body: transfer(a, b) }, tally.transferAToB),
    balance(a),
    balance(b),
  );
  return {
    tally,
    // Two cycles, one per direction, so the wallets stay funded whatever the rate.
    requests: [
      write!,
      ...reads,
      loadRequest(chariMoneySpec, 'executeTransfer', { credentials, body: transfer(b, a) }, tally.transferBToA),
      ...reads,
    ],
    checkState: (before, after) => {
      const centimes = (summary: StateSummary, phone: string) => {
        const balance = summary.balances[`customers:${phone}`];
        expect(balance, `the sandbox holds the wallet ${phone}`).toBeDefined();
        return BigInt(balance!);
      };
      const net = BigInt(tally.transferBToA.ok - tally.transferAToB.ok);
      expect(centimes(after, a) - centimes(before, a), `${a} moved by the 2xx transfers, one centime each`).toBe(net);
      expect(centimes(after, b) - centimes(before, b), `${b} moved by the 2xx transfers, one centime each`).toBe(-net);
      const total = (s: StateSummary) => Object.values(s.balances).reduce((sum, v) => sum + BigInt(v), 0n);
      expect(total(after), 'no money created or lost across the wallets').toBe(total(before));
      expect(grew(before, after, 'operations'), 'one operation per 2xx transfer').toBe(
        tally.transferAToB.ok + tally.transferBToA.ok,
      );
      return `balances ${centimes(after, a)}+${centimes(after, b)} centimes (sum unchanged), operations +${grew(before, after, 'operations')} = transfers answered 2xx`;
    },
  };
}

async function alyapayMix(baseUrl: string): Promise<LoadMix> {
  const { credentials } = await sandboxDefaults('alyapay');
  const order = {
    total: '1799.00',
    currency: 'MAD' as const,
    items: [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }],
  };
  const { data: session } = await createAlyaPayClient({ baseUrl, apiKey: String(credentials.ApiKeyAuth) }).post(
    '/api/v1/public/sessions',
    { body: order },
  );
  const { transaction_id } = await new SandboxControl(baseUrl).payAlyaPaySession(session.session_id, 'APPROVED');
  const tally = tallies('createSession', 'getTransactionStatus');
  return {
    tally,
    requests: cycle(
      loadRequest(alyapaySpec, 'createSession', { credentials, body: order }, tally.createSession),
      loadRequest(
        alyapaySpec,
        'getTransactionStatus',
        { credentials: { SessionTokenAuth: session.session_token }, path: { transaction_id } },
        tally.getTransactionStatus,
      ),
    ),
    checkState: (before, after) => {
      expect(grew(before, after, 'sessions'), 'one session per 2xx creation').toBe(tally.createSession.ok);
      return `sessions +${grew(before, after, 'sessions')} = creations answered 2xx`;
    },
  };
}

async function novasendMix(baseUrl: string): Promise<LoadMix> {
  const { credentials } = await sandboxDefaults('novasend');
  const basic = credentials.BasicAuth as { username: string; password: string };
  const payin = () => ({
    reference: randomUUID(),
    accountId: 'merchant_9923lkdz',
    amount: 300,
    msisdn: '+2250702968786',
    customerName: 'John Doe',
    country: 'CI' as const,
  });
  const { data: seeded } = await createNovasendClient({
    baseUrl,
    apiKey: basic.username,
    apiClient: basic.password,
  }).post('/v1/payin/sessions', { body: payin() });
  const keyHeader = idempotencyHeaderOf(novasendSpec, 'createPayinSession');
  const tally = tallies('createPayinSession', 'getPayin');
  return {
    tally,
    requests: cycle(
      loadRequest(
        novasendSpec,
        'createPayinSession',
        { credentials, fresh: () => ({ body: payin(), headers: { [keyHeader]: randomUUID() } }) },
        tally.createPayinSession,
      ),
      loadRequest(novasendSpec, 'getPayin', { credentials, path: { reference: seeded.reference } }, tally.getPayin),
    ),
    checkState: (before, after) => {
      expect(grew(before, after, 'payins'), 'one payin per 2xx creation').toBe(tally.createPayinSession.ok);
      return `payins +${grew(before, after, 'payins')} = creations answered 2xx`;
    },
  };
}

export const LOAD_MIXES: Record<ProviderSlug, (baseUrl: string) => Promise<LoadMix>> = {
  'haloubi-gateway': haloubiMix,
  'chari-pay': chariPayMix,
  'chari-money': chariMoneyMix,
  alyapay: alyapayMix,
  novasend: novasendMix,
};
