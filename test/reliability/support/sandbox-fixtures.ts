import { randomUUID } from 'node:crypto';
import type { ProviderSlug } from '../../../src/core/providers.js';
import type { ExpectedCredential } from '../../../src/core/sandbox/types.js';
import type { SandboxControl } from '../../../src/sandbox/control-client.js';
import type { RequestOverrides } from './base-request.js';
import { seedChariMoney } from './chari-money-fixture.js';
import { PROVIDER_ARTIFACTS } from './provider-artifacts.js';

/** State seeded in a fresh sandbox, and how each operation's example request is pointed at it. */
export interface SeededFixture {
  /** by operationId: what replaces the spec example so the request is valid and would change the seeded state */
  overrides: Record<string, RequestOverrides>;
  /** by operationId: the path parameters that name a seeded resource, so an unknown value must be refused */
  resourceParams: Record<string, string[]>;
  /** credentials issued at run time (session tokens, client secrets), by security scheme name */
  credentials: Record<string, ExpectedCredential>;
  /** by operationId: top-level body fields the positive fuzzer keeps as seeded (a test card, a client secret) */
  pinned: Record<string, string[]>;
}

export interface SeedContext {
  /** sends the example request of an operation with overrides; the parsed 2xx body, or throws */
  // biome-ignore lint/suspicious/noExplicitAny: any operation's response, read field by field by the seeds
  call(operationId: string, overrides?: RequestOverrides): Promise<any>;
  /** the example body of an operation, to override a few fields of */
  // biome-ignore lint/suspicious/noExplicitAny: any operation's example body, spread and overridden by the seeds
  example(operationId: string): any;
  control: SandboxControl;
  /** a loopback endpoint for requests that carry their own webhook URL: deliveries must never leave the machine */
  webhookUrl: string;
}

type Seed = (ctx: SeedContext) => Promise<Partial<SeededFixture>>;

/** The spec's documented test card token with the given outcome (Chari Pay root `x-test-cards`). */
function chariPayToken(outcome: string): string {
  const cards = PROVIDER_ARTIFACTS['chari-pay'].spec['x-test-cards'] as { token: string; outcome: string }[];
  const card = cards.find((c) => c.outcome === outcome);
  if (!card) throw new Error(`The chari-pay spec documents no ${outcome} test card.`);
  return card.token;
}

const SEEDS: Record<ProviderSlug, Seed> = {
  alyapay: async ({ call, control }) => {
    const session = await call('createSession');
    const { transaction_id } = await control.payAlyaPaySession(session.session_id, 'APPROVED');
    return {
      overrides: { getTransactionStatus: { path: { transaction_id } } },
      resourceParams: { getTransactionStatus: ['transaction_id'] },
      credentials: { SessionTokenAuth: session.session_token },
    };
  },
  novasend: async ({ call, example, control }) => {
    // A merchant reference is accepted once (409 DUPLICATE_REFERENCE after), so every payin gets a fresh one.
    const payinSession = () => ({ body: { ...example('createPayinSession'), reference: randomUUID() } });
    // Read back in the state the spec's example shows: confirmed by the customer and processed.
    const payin = await call('createPayinSession', payinSession());
    await control.confirmNovasendPayin(payin.reference, 'accepted');
    return {
      overrides: { createPayinSession: payinSession(), getPayin: { path: { reference: payin.reference } } },
      resourceParams: { getPayin: ['reference'] },
    };
  },
  'haloubi-gateway': async ({ call, example }) => {
    // "Expiry: Any future date": the spec example's fixed year would expire one day.
    const withFutureCard = (operationId: string, fields: Record<string, unknown> = {}) => {
      const body = example(operationId);
      return { body: { ...body, ...fields, card: { ...body.card, exp_year: new Date().getUTCFullYear() + 2 } } };
    };
    const [authorize, sale] = [withFutureCard('authorizePayment'), withFutureCard('salePayment')];
    const [toCapture, toVoid, toRefund] = [
      await call('authorizePayment', authorize),
      await call('authorizePayment', authorize),
      await call('salePayment', sale),
    ];
    // Read back in the state the spec's example shows (authorized), which capturing `toCapture` would change.
    const toRead = await call('authorizePayment', authorize);
    const [toConfirm, toCancel] = [await call('createPaymentIntent'), await call('createPaymentIntent')];
    const { transactions } = await call('listTransactions');
    const id = (value: string) => ({ path: { id: value } });
    return {
      overrides: {
        authorizePayment: authorize,
        salePayment: sale,
        capturePayment: id(toCapture.id),
        voidPayment: id(toVoid.id),
        refundPayment: id(toRefund.id),
        getPayment: id(toRead.id),
        getPublicPaymentIntent: id(toConfirm.id),
        confirmPaymentIntent: {
          ...id(toConfirm.id),
          ...withFutureCard('confirmPaymentIntent', { client_secret: toConfirm.client_secret }),
        },
        cancelPaymentIntent: id(toCancel.id),
        getTransaction: id(transactions[0].id),
      },
      resourceParams: Object.fromEntries(
        [
          'capturePayment',
          'voidPayment',
          'refundPayment',
          'getPayment',
          'getPublicPaymentIntent',
          'confirmPaymentIntent',
          'cancelPaymentIntent',
          'getTransaction',
        ].map((op) => [op, ['id']]),
      ),
      credentials: { ClientSecret: toConfirm.client_secret },
      pinned: { confirmPaymentIntent: ['client_secret', 'card'], authorizePayment: ['card'], salePayment: ['card'] },
    };
  },
  'chari-pay': async ({ call, example, webhookUrl }) => {
    const token = chariPayToken('captured');
    // The guide's example sends the payment's events to https://mysite.ma/...: a sandbox would really deliver there.
    const payment = (captureMethod: string) => ({
      body: {
        ...example('createPayment'),
        payment_method: token,
        capture_method: captureMethod,
        reference: `seed-${randomUUID()}`,
        webhook_url: webhookUrl,
      },
    });
    const [toCapture, toRefund] = [
      await call('createPayment', payment('manual')),
      await call('createPayment', payment('automatic')),
    ];
    return {
      overrides: {
        listPayments: { query: { starting_after: toCapture.id } },
        createPayment: payment('manual'),
        getPayment: { path: { id: toCapture.id } },
        capturePayment: { path: { id: toCapture.id } },
        refundPayment: { path: { id: toRefund.id } },
        attachPaymentMethod: { body: { payment_method: token } },
      },
      resourceParams: { getPayment: ['id'], capturePayment: ['id'], refundPayment: ['id'] },
      // A varied webhook_url would be any https host, which the sandbox would really deliver to.
      pinned: { createPayment: ['payment_method', 'webhook_url'], attachPaymentMethod: ['payment_method'] },
    };
  },
  'chari-money': seedChariMoney,
};

export async function seedFixture(slug: ProviderSlug, ctx: SeedContext): Promise<SeededFixture> {
  const seeded = await SEEDS[slug](ctx);
  return { overrides: {}, resourceParams: {}, credentials: {}, pinned: {}, ...seeded };
}
