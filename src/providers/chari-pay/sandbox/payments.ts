import { PaymentStatus } from '../../../../generated/chari-pay/enums.js';
import type { components } from '../../../../generated/chari-pay/schema.js';
import spec from '../../../../generated/chari-pay/spec.js';
import type { ClockContext, SandboxContext, SandboxReply } from '../../../core/sandbox/types.js';
import { challengePageUrl } from './challenge-url.js';
import { conflict, invalidRequest, paymentNotFound } from './errors.js';
import type { ChariPayPayment, ChariPayState, StoredPayment } from './state.js';
import {
  type ChariPayTestCard,
  displayedCard,
  TEST_CARDS,
  THREE_D_SECURE_EXPIRY,
  testTokensHint,
} from './test-cards.js';
import { emitPaymentEvent } from './webhook-events.js';

type Ctx = ClockContext<ChariPayState>;
type CreatePaymentRequest = components['schemas']['CreatePaymentRequest'];
type CaptureMethod = components['schemas']['CaptureMethod'];

/** `automatic` unless the merchant asks for deferred capture (spec `CaptureMethod` default). */
const DEFAULT_CAPTURE_METHOD = (spec as { components: { schemas: { CaptureMethod: { default: CaptureMethod } } } })
  .components.schemas.CaptureMethod.default;

/** The payment's event history, as `GET /v1/payments/{id}` shows it. */
function record(ctx: Ctx, payment: ChariPayPayment, type: string): void {
  payment.events.push({ type, created: ctx.clock.iso() });
}

function declineCodeOf(card: ChariPayTestCard): string {
  if (!card.declineCode)
    throw new Error(`The spec's test card ${card.token} (${card.outcome}) documents no declineCode.`);
  return card.declineCode;
}

/** Charges `amount` (at most the authorized amount) and tells the merchant: `payment.completed`. */
function capture(ctx: Ctx, stored: StoredPayment, amount: number): void {
  const { payment } = stored;
  payment.status = PaymentStatus.Captured;
  payment.amount_captured = amount;
  record(ctx, payment, 'payment.captured');
  emitPaymentEvent(ctx, 'payment.completed', stored);
}

/** The issuer approved: deferred capture stops at `authorized`, automatic capture charges at once. */
export function approve(ctx: Ctx, stored: StoredPayment): void {
  const { payment } = stored;
  stored.deadline = undefined;
  payment.next_action = null;
  if (payment.capture_method === 'manual') {
    payment.status = PaymentStatus.Authorized;
    record(ctx, payment, 'payment.authorized');
    return;
  }
  capture(ctx, stored, payment.amount);
}

/** Declined, 3D Secure failed or abandoned, or timed out: terminal, with `payment.failed`. */
export function fail(ctx: Ctx, stored: StoredPayment, failureCode: string): void {
  const { payment } = stored;
  stored.deadline = undefined;
  payment.status = PaymentStatus.Failed;
  payment.failure_code = failureCode;
  payment.next_action = null;
  record(ctx, payment, 'payment.failed');
  emitPaymentEvent(ctx, 'payment.failed', stored);
}

/** The customer passed or failed the 3D Secure challenge of a `requires_action` payment. */
export function completeThreeDSecure(ctx: Ctx, stored: StoredPayment, passed: boolean): void {
  if (passed) approve(ctx, stored);
  else fail(ctx, stored, declineCodeOf(stored.testCard));
}

/** Resolves what time decides: 3D Secure challenges left too long, issuers that never answered. */
export function settleDeadlines(ctx: Ctx): void {
  const now = ctx.clock.now();
  for (const stored of ctx.state.withDeadline) {
    if (!stored.deadline) ctx.state.withDeadline.delete(stored);
    else if (stored.deadline.at <= now) {
      ctx.state.withDeadline.delete(stored);
      fail(ctx, stored, stored.deadline.failureCode);
    }
  }
}

/**
 * Where the customer authenticates: the sandbox's challenge page stands in for the bank's 3DS page. On the sandbox's
 * own public base URL, never on a request's Host header (which a caller controls).
 */
function threeDSecureUrl(ctx: SandboxContext<ChariPayState>, paymentId: string): string {
  return challengePageUrl(ctx.publicUrl, paymentId);
}

/** The card a payment is made with: a test token from the client SDK, or a card saved on a customer. */
function cardOf(
  state: ChariPayState,
  body: CreatePaymentRequest,
): { testCard: ChariPayTestCard; savedId: string | null } | SandboxReply {
  if (body.payment_method_id !== undefined) {
    const saved = state.savedCards.get(body.payment_method_id);
    if (!saved)
      return invalidRequest(
        'resource_missing',
        `No such payment method: ${body.payment_method_id}. Save the card first with POST /v1/customers/{id}/payment-methods.`,
        'payment_method_id',
      );
    return { testCard: saved.testCard, savedId: saved.card.id };
  }
  const testCard = body.payment_method === undefined ? undefined : TEST_CARDS.get(body.payment_method);
  if (!testCard)
    return invalidRequest(
      'resource_missing',
      `No such token: ${body.payment_method}. In the sandbox, pay with a test token: ${testTokensHint()}.`,
      'payment_method',
    );
  return { testCard, savedId: null };
}

/** `POST /v1/payments`: the outcome is the test card's (spec `x-test-cards`). */
export function createPayment(ctx: SandboxContext<ChariPayState>): SandboxReply {
  const { state, clock } = ctx;
  const body = ctx.body as CreatePaymentRequest;
  const card = cardOf(state, body);
  if ('status' in card) return card;
  if (state.paymentIdsByReference.has(body.reference)) {
    return conflict(
      'duplicate_reference',
      `A payment with reference ${body.reference} already exists; look it up with GET /v1/payments?reference=… instead of paying twice.`,
      'reference',
    );
  }
  const created = clock.iso();
  const payment: ChariPayPayment = {
    id: ctx.newId('pay_'),
    status: PaymentStatus.Pending,
    amount: body.amount,
    amount_captured: 0,
    amount_refunded: 0,
    currency: body.currency,
    reference: body.reference,
    capture_method: body.capture_method ?? DEFAULT_CAPTURE_METHOD,
    payment_method: { id: card.savedId, ...displayedCard(card.testCard) },
    created,
    events: [{ type: 'payment.created', created }],
    next_action: null,
    failure_code: null,
  };
  // Without `webhook_url`, the events go to the URL registered in the dashboard (the sandbox's --webhook-url).
  const stored: StoredPayment = {
    payment,
    seq: state.nextSeq++,
    testCard: card.testCard,
    webhookUrl: body.webhook_url,
    returnUrl: body.return_url,
  };
  state.payments.set(payment.id, stored);
  state.paymentIdsByReference.set(payment.reference, payment.id);
  startOutcome(ctx, stored);
  return { status: 201, body: structuredClone(payment) };
}

/** What the test card does to a new payment: approve, decline, ask for 3D Secure, or leave the issuer silent. */
function startOutcome(ctx: SandboxContext<ChariPayState>, stored: StoredPayment): void {
  const { payment, testCard } = stored;
  const { outcome } = testCard;
  if (outcome === 'captured') approve(ctx, stored);
  else if (outcome === 'failed') fail(ctx, stored, declineCodeOf(testCard));
  else if (outcome === 'requires_action') {
    payment.status = PaymentStatus.RequiresAction;
    payment.next_action = { type: 'redirect_to_3ds', redirect_url: threeDSecureUrl(ctx, payment.id) };
    record(ctx, payment, 'payment.requires_action');
    stored.deadline = {
      at: ctx.clock.now() + THREE_D_SECURE_EXPIRY.afterSeconds * 1000,
      failureCode: THREE_D_SECURE_EXPIRY.failureCode,
    };
    ctx.state.withDeadline.add(stored);
  } else if (outcome === 'timeout') {
    // The issuer never answers: the payment stays pending until the card's documented delay, then fails.
    stored.deadline = {
      at: ctx.clock.now() + (testCard.failsAfterSeconds ?? 0) * 1000,
      failureCode: declineCodeOf(testCard),
    };
    ctx.state.withDeadline.add(stored);
  } else {
    throw new Error(
      `The spec's test card ${testCard.token} has an outcome (${String(outcome)}) this sandbox does not simulate.`,
    );
  }
}

export function getPayment(ctx: SandboxContext<ChariPayState>): SandboxReply {
  const id = String(ctx.params.path.id);
  const stored = ctx.state.payments.get(id);
  return stored ? { status: 200, body: structuredClone(stored.payment) } : paymentNotFound(id);
}

/** `POST /v1/payments/{id}/capture`: deferred capture, the full or a partial authorized amount. */
export function capturePayment(ctx: SandboxContext<ChariPayState>): SandboxReply {
  const id = String(ctx.params.path.id);
  const stored = ctx.state.payments.get(id);
  if (!stored) return paymentNotFound(id);
  const { payment } = stored;
  if (payment.status !== PaymentStatus.Authorized) {
    return conflict(
      'payment_not_capturable',
      `Payment ${id} is ${payment.status}; only an authorized payment (capture_method manual) can be captured.`,
    );
  }
  const amount = (ctx.body as components['schemas']['CapturePaymentRequest'] | undefined)?.amount ?? payment.amount;
  if (amount > payment.amount) {
    return invalidRequest(
      'invalid_amount',
      `Cannot capture ${amount} centimes: payment ${id} is authorized for ${payment.amount}. Capture at most the authorized amount.`,
      'amount',
    );
  }
  capture(ctx, stored, amount);
  return { status: 200, body: structuredClone(payment) };
}

/** `POST /v1/payments/{id}/refunds`: full (no amount) or partial, cumulative, never above what was captured. */
export function refundPayment(ctx: SandboxContext<ChariPayState>): SandboxReply {
  const id = String(ctx.params.path.id);
  const stored = ctx.state.payments.get(id);
  if (!stored) return paymentNotFound(id);
  const { payment } = stored;
  const refundable: string[] = [PaymentStatus.Captured, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded];
  if (!refundable.includes(payment.status)) {
    return conflict(
      'payment_not_refundable',
      `Payment ${id} is ${payment.status}; only a captured payment can be refunded.`,
    );
  }
  const captured = payment.amount_captured ?? 0;
  const remaining = captured - (payment.amount_refunded ?? 0);
  const amount = (ctx.body as components['schemas']['CreateRefundRequest'] | undefined)?.amount ?? remaining;
  if (remaining === 0)
    return conflict(
      'refund_exceeds_amount',
      `Payment ${id} is already fully refunded (${captured} centimes).`,
      'amount',
    );
  if (amount > remaining) {
    return conflict(
      'refund_exceeds_amount',
      `Cannot refund ${amount} centimes: only ${remaining} of the ${captured} captured remain refundable on payment ${id}.`,
      'amount',
    );
  }
  payment.amount_refunded = captured - remaining + amount;
  payment.status = payment.amount_refunded === captured ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
  record(ctx, payment, 'payment.refunded');
  emitPaymentEvent(ctx, 'payment.refunded', stored);
  const refund: components['schemas']['Refund'] = {
    id: ctx.newId('re_'),
    payment_id: id,
    amount,
    currency: payment.currency,
    status: 'succeeded',
    created: ctx.clock.iso(),
  };
  return { status: 201, body: refund };
}
