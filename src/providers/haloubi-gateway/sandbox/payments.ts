import type { components } from '../../../../generated/haloubi-gateway/schema.js';
import type { SandboxContext, SandboxReply } from '../../../core/sandbox/types.js';
import { fromHaloubiAmount } from '../money.js';
import { AUTHORIZATION_LIFETIME_SECONDS } from './documented-facts.js';
import { haloubiError, notFound } from './errors.js';
import type { HaloubiPayment, HaloubiState } from './state.js';
import { acceptTestCard, cardSummary, declineReply } from './test-cards.js';
import { recordTransaction } from './transactions.js';
import { emitEvent } from './webhook-events.js';

type Schemas = components['schemas'];
type Ctx = SandboxContext<HaloubiState>;

/**
 * The payment as the API shows it: a copy, so webhook snapshots do not change with the payment. Only top-level
 * fields change after creation and the nested objects (card, customer, metadata) are flat, so copying two levels
 * is a full copy, at a fraction of `structuredClone`'s cost on this per-request path.
 */
export function paymentView(payment: HaloubiPayment): Schemas['Payment'] {
  const view: Record<string, unknown> = {};
  for (const key in payment) {
    if (key === 'expiresAtMs') continue;
    const value = (payment as Record<string, unknown>)[key];
    view[key] =
      value !== null && typeof value === 'object' ? (Array.isArray(value) ? [...value] : { ...value }) : value;
  }
  return view as Schemas['Payment'];
}

/** Haloubi: an authorization "not captured within 7 days" is expired, "automatically voided". */
function lapse(payment: HaloubiPayment, now: number): void {
  if (payment.status === 'authorized' && payment.expiresAtMs !== undefined && now >= payment.expiresAtMs) {
    payment.status = 'expired';
    payment.expiresAtMs = undefined;
  }
}

/** The payment an operation's `{id}` names, with its expiry applied, or Haloubi's 404. */
function findPayment({
  op,
  params,
  state,
  clock,
}: Ctx): { payment: HaloubiPayment; reply?: undefined } | { payment?: undefined; reply: SandboxReply } {
  const payment = state.payments.get(String(params.path.id));
  if (!payment) return { reply: notFound(op.path, params.path.id) };
  lapse(payment, clock.now());
  return { payment };
}

function money(amount: number, currency: Schemas['Currency']): string {
  return `${fromHaloubiAmount(amount, currency)} ${currency}`;
}

export type ChargeResult =
  /** `view`: the payment as the event that announced it shows it, a snapshot the reply may share */
  | { approved: true; payment: HaloubiPayment; view: Schemas['Payment'] }
  | { approved: false; reply: SandboxReply; payment?: HaloubiPayment };

/**
 * Runs a card through the test cards: approved → `authorized` (or `captured` when charged at once, as a sale or an
 * automatic-capture intent); declined by the issuer or the fraud system → a `failed` payment and a 402.
 */
export function chargeCard(
  ctx: Ctx,
  request: Schemas['PaymentRequest'],
  captureNow: boolean,
  paymentIntentId?: string,
): ChargeResult {
  const { clock, state, newId } = ctx;
  const now = clock.now();
  const accepted = acceptTestCard(request.card, now);
  if ('reply' in accepted) return { approved: false, reply: accepted.reply };
  const card = accepted.testCard;
  const payment = newPayment(newId('pay_'), request, paymentIntentId, clock.iso(now));
  state.payments.set(payment.id, payment);
  const type = captureNow ? 'sale' : 'authorization';
  const base = { payment_id: payment.id, type, amount: payment.amount, currency: payment.currency } as const;

  if (card.outcome === 'declined') {
    payment.decline_code = card.declineCode;
    recordTransaction(ctx, { ...base, status: 'failed', decline_code: payment.decline_code });
    emitEvent(ctx, 'payment.failed', paymentView(payment));
    return { approved: false, reply: declineReply(payment.decline_code, payment.id), payment };
  }
  if (captureNow) {
    payment.status = 'captured';
    payment.captured_amount = payment.amount;
    recordTransaction(ctx, { ...base, status: 'captured' });
  } else {
    payment.status = 'authorized';
    payment.expiresAtMs = now + AUTHORIZATION_LIFETIME_SECONDS * 1000;
    payment.expires_at = clock.iso(payment.expiresAtMs);
    recordTransaction(ctx, { ...base, status: 'authorized' });
  }
  // One snapshot for the event and the reply: neither is changed once made (the payment itself is).
  const view = paymentView(payment);
  emitEvent(ctx, captureNow ? 'payment.captured' : 'payment.authorized', view);
  return { approved: true, payment, view };
}

/** A new payment, `failed` until the card is approved; optional fields only when the request has them. */
function newPayment(
  id: string,
  request: Schemas['PaymentRequest'],
  paymentIntentId: string | undefined,
  createdAt: string,
): HaloubiPayment {
  const { amount, currency } = request;
  const card = cardSummary(request.card);
  const payment = {
    id,
    status: 'failed',
    amount,
    currency,
    captured_amount: 0,
    refunded_amount: 0,
    card,
  } as HaloubiPayment;
  // Assigned, not spread: this runs on every payment request.
  if (request.customer) payment.customer = request.customer;
  if (request.description !== undefined) payment.description = request.description;
  if (request.metadata) payment.metadata = request.metadata;
  if (paymentIntentId) payment.payment_intent_id = paymentIntentId;
  payment.created_at = createdAt;
  return payment;
}

function charge(ctx: Ctx, captureNow: boolean): SandboxReply {
  const result = chargeCard(ctx, ctx.body as Schemas['PaymentRequest'], captureNow);
  return result.approved ? { status: 200, body: result.view } : result.reply;
}

export const authorizePayment = (ctx: Ctx): SandboxReply => charge(ctx, false);
export const salePayment = (ctx: Ctx): SandboxReply => charge(ctx, true);

export function getPayment(ctx: Ctx): SandboxReply {
  const { payment, reply } = findPayment(ctx);
  return reply ?? { status: 200, body: paymentView(payment) };
}

const CAPTURED: Schemas['PaymentStatus'][] = ['captured', 'partially_refunded', 'refunded'];

/** Haloubi: capture "≤ authorized amount", partial captures allowed, within 7 days of authorization. */
export function capturePayment(ctx: Ctx): SandboxReply {
  const { payment, reply } = findPayment(ctx);
  if (reply) return reply;
  const { amount } = ctx.body as Schemas['CapturePaymentRequest'];
  if (CAPTURED.includes(payment.status))
    return haloubiError('already_captured', 'This payment has already been captured.');
  if (payment.status === 'expired') {
    return haloubiError(
      'authorization_expired',
      `The authorization expired at ${payment.expires_at} (not captured within ${AUTHORIZATION_LIFETIME_SECONDS / 86400} days) and was automatically voided; create a new payment.`,
    );
  }
  if (payment.status !== 'authorized')
    return haloubiError(
      'invalid_state',
      `This payment is ${payment.status}; only an authorized payment can be captured.`,
    );
  if (amount > payment.amount) {
    return haloubiError(
      'amount_too_high',
      `The capture amount ${money(amount, payment.currency)} exceeds the authorized amount ${money(payment.amount, payment.currency)}.`,
      { param: 'amount' },
    );
  }
  payment.status = 'captured';
  payment.captured_amount = amount;
  payment.expiresAtMs = undefined;
  delete payment.expires_at; // only an uncaptured authorization expires
  recordTransaction(ctx, {
    payment_id: payment.id,
    type: 'capture',
    status: 'captured',
    amount,
    currency: payment.currency,
  });
  emitEvent(ctx, 'payment.captured', paymentView(payment));
  return { status: 200, body: paymentView(payment) };
}

/** Haloubi: "Void: Cancel before capture (no money has been charged)". */
export function voidPayment(ctx: Ctx): SandboxReply {
  const { payment, reply } = findPayment(ctx);
  if (reply) return reply;
  const reason = (ctx.body as Schemas['VoidPaymentRequest'] | undefined)?.reason;
  if (CAPTURED.includes(payment.status))
    return haloubiError('already_captured', 'This payment has already been captured; refund it instead.');
  if (payment.status === 'voided') return haloubiError('already_voided', 'This payment has already been voided.');
  // Haloubi Error Codes, 410: "Authorization expired (7 days)"; the void section names no error of its own for it.
  if (payment.status === 'expired') {
    return haloubiError(
      'payment_expired',
      `The authorization expired at ${payment.expires_at} (not captured within ${AUTHORIZATION_LIFETIME_SECONDS / 86400} days) and was automatically voided; there is nothing left to void.`,
    );
  }
  if (payment.status !== 'authorized')
    return haloubiError(
      'invalid_state',
      `This payment is ${payment.status}; only an authorized payment can be voided.`,
    );
  payment.status = 'voided';
  payment.expiresAtMs = undefined;
  delete payment.expires_at;
  recordTransaction(ctx, {
    payment_id: payment.id,
    type: 'void',
    status: 'voided',
    amount: payment.amount,
    currency: payment.currency,
    ...(reason ? { reason } : {}),
  });
  emitEvent(ctx, 'payment.voided', paymentView(payment));
  return { status: 200, body: paymentView(payment) };
}

/** Haloubi: "Multiple partial refunds are supported until full amount is refunded", never more than was captured. */
export function refundPayment(ctx: Ctx): SandboxReply {
  const { payment, reply } = findPayment(ctx);
  if (reply) return reply;
  const { amount, reason } = ctx.body as Schemas['RefundPaymentRequest'];
  if (payment.status === 'refunded')
    return haloubiError('already_refunded', 'This payment has already been fully refunded.');
  if (!CAPTURED.includes(payment.status))
    return haloubiError(
      'not_captured',
      `This payment is ${payment.status}, not captured; ${payment.status === 'authorized' ? 'void it instead' : 'there is nothing to refund'}.`,
    );
  const remaining = payment.captured_amount - payment.refunded_amount;
  if (amount > remaining) {
    return haloubiError(
      'amount_too_high',
      `The refund amount ${money(amount, payment.currency)} exceeds the remaining captured amount ${money(remaining, payment.currency)}.`,
      { param: 'amount' },
    );
  }
  payment.refunded_amount += amount;
  payment.status = payment.refunded_amount === payment.captured_amount ? 'refunded' : 'partially_refunded';
  recordTransaction(ctx, {
    payment_id: payment.id,
    type: 'refund',
    status: 'refunded',
    amount,
    currency: payment.currency,
    ...(reason ? { reason } : {}),
  });
  emitEvent(ctx, 'payment.refunded', paymentView(payment));
  return { status: 200, body: paymentView(payment) };
}
