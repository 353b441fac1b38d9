import { timingSafeEqual } from 'node:crypto';
import type { components } from '../../../../generated/haloubi-gateway/schema.js';
import { randomHex } from '../../../core/sandbox/random.js';
import type { SandboxContext, SandboxReply } from '../../../core/sandbox/types.js';
import { DEFAULT_CAPTURE_METHOD, INTENT_LIFETIME_SECONDS, INTENT_MAX_ATTEMPTS } from './documented-facts.js';
import { haloubiError, notFound } from './errors.js';
import { checkoutUrl } from './hosted-checkout.js';
import { chargeCard } from './payments.js';
import { type HaloubiPaymentIntent, type HaloubiState, lapseIntent } from './state.js';
import { emitEvent } from './webhook-events.js';

type Schemas = components['schemas'];
type Ctx = SandboxContext<HaloubiState>;

/** The intent as the API shows it; the secret only in the creation response, to the merchant's server. */
function intentView(intent: HaloubiPaymentIntent, withSecret = false): Schemas['PaymentIntent'] {
  const { expiresAtMs: _internal, client_secret, ...view } = intent;
  return structuredClone(withSecret ? { ...view, client_secret } : view);
}

function findIntent({
  op,
  params,
  state,
  clock,
}: Ctx): { intent: HaloubiPaymentIntent; reply?: undefined } | { intent?: undefined; reply: SandboxReply } {
  const intent = state.intents.get(String(params.path.id));
  if (!intent) return { reply: notFound(op.path, params.path.id) };
  lapseIntent(intent, clock.now());
  return { intent };
}

function expiredReply(intent: HaloubiPaymentIntent): SandboxReply {
  return haloubiError('intent_expired', `This payment intent expired at ${intent.expires_at}; create a new one.`);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createPaymentIntent(ctx: Ctx): SandboxReply {
  const request = ctx.body as Schemas['CreatePaymentIntentRequest'];
  const now = ctx.clock.now();
  const id = ctx.newId('pi_');
  const expiresAtMs = now + INTENT_LIFETIME_SECONDS * 1000;
  const intent: HaloubiPaymentIntent = {
    ...request,
    id,
    status: 'created',
    // The sandbox serves the hosted checkout itself, so a browser test can pay the intent end to end.
    checkout_url: checkoutUrl(ctx.publicUrl, id),
    client_secret: `${id}_secret_${randomHex(12)}`,
    // Haloubi: cancel_url "Default: Same as success_url".
    cancel_url: request.cancel_url ?? request.success_url,
    capture_method: request.capture_method ?? DEFAULT_CAPTURE_METHOD,
    attempts: 0,
    max_attempts: INTENT_MAX_ATTEMPTS,
    expires_at: new Date(expiresAtMs).toISOString(),
    created_at: new Date(now).toISOString(),
    expiresAtMs,
  };
  ctx.state.intents.set(id, intent);
  emitEvent(ctx, 'payment_intent.created', intentView(intent));
  return { status: 200, body: intentView(intent, true) };
}

export function getPublicPaymentIntent(ctx: Ctx): SandboxReply {
  const { intent, reply } = findIntent(ctx);
  return reply ?? { status: 200, body: intentView(intent) };
}

/**
 * The hosted checkout page pays the intent: client secret (body or `?client_secret=`), then the 1-hour expiry, then
 * the attempt limit; a declined card uses an attempt and leaves the intent open for another try.
 */
export function confirmPaymentIntent(ctx: Ctx): SandboxReply {
  const { intent, reply } = findIntent(ctx);
  if (reply) return reply;
  const request = ctx.body as Schemas['ConfirmPaymentIntentRequest'];
  const secret = request.client_secret ?? ctx.params.query.client_secret;
  if (typeof secret !== 'string' || secret.length === 0)
    return haloubiError('missing_client_secret', 'No client secret provided (body client_secret or ?client_secret=).');
  if (!sameSecret(secret, intent.client_secret))
    return haloubiError('invalid_client_secret', 'Invalid client secret for this payment intent.');
  if (intent.status === 'expired') return expiredReply(intent);
  if (intent.status !== 'created')
    return haloubiError('already_completed', `This payment intent has already been completed (${intent.status}).`);
  if (intent.attempts >= intent.max_attempts) {
    return haloubiError(
      'max_attempts',
      `The maximum of ${intent.max_attempts} payment attempts for this payment intent was reached; create a new one.`,
    );
  }
  const email = request.customer_email ?? intent.customer_email;
  const result = chargeCard(
    ctx,
    {
      amount: intent.amount,
      currency: intent.currency,
      card: request.card,
      ...(email ? { customer: { email } } : {}),
      ...(intent.description !== undefined ? { description: intent.description } : {}),
      ...(intent.metadata ? { metadata: intent.metadata } : {}),
    },
    intent.capture_method === 'automatic',
    intent.id,
  );
  // A card refused before it reached the issuer (wrong format) is not a payment attempt.
  if (result.payment) intent.attempts++;
  if (!result.approved) return result.reply;
  intent.status = 'succeeded';
  intent.payment_id = result.payment.id;
  if (email) intent.customer_email = email;
  emitEvent(ctx, 'payment_intent.succeeded', intentView(intent));
  return { status: 200, body: intentView(intent) };
}

export function cancelPaymentIntent(ctx: Ctx): SandboxReply {
  const { intent, reply } = findIntent(ctx);
  if (reply) return reply;
  // Haloubi Error Codes, 410: "Payment intent expired (1 hour)"; cancel's own 400 is only "Already Completed".
  if (intent.status === 'expired') return expiredReply(intent);
  if (intent.status !== 'created')
    return haloubiError('already_completed', `This payment intent has already been completed (${intent.status}).`);
  intent.status = 'canceled';
  emitEvent(ctx, 'payment_intent.canceled', intentView(intent));
  return { status: 200, body: intentView(intent) };
}
