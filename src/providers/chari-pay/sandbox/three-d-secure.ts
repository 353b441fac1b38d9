import { PaymentStatus } from '../../../../generated/chari-pay/enums.js';
import type { ClockContext, ControlRoute } from '../../../core/sandbox/types.js';
import { noSuchPayment, notWaitingFor } from './control-replies.js';
import { completeThreeDSecure, settleDeadlines } from './payments.js';
import type { ChariPayState, StoredPayment } from './state.js';

/** Why a 3D Secure answer found no challenge to answer. */
export type NoChallenge = { reason: 'unknown' } | { reason: 'not_waiting'; stored: StoredPayment };

/**
 * The customer's answer to the 3D Secure challenge of payment `id`, after time has done its work (an abandoned
 * challenge has failed by now): pass (captured, or authorized on deferred capture) or fail, with the webhook.
 * The control call and the challenge page both answer through here.
 */
export function answerThreeDSecure(
  ctx: ClockContext<ChariPayState>,
  id: string | undefined,
  passed: boolean,
): StoredPayment | NoChallenge {
  const found = findChallenge(ctx, id);
  if (!('payment' in found)) return found;
  completeThreeDSecure(ctx, found, passed);
  return found;
}

/** The payment whose 3D Secure challenge is open, or why there is none. */
export function findChallenge(ctx: ClockContext<ChariPayState>, id: string | undefined): StoredPayment | NoChallenge {
  settleDeadlines(ctx);
  const stored = id === undefined ? undefined : ctx.state.payments.get(id);
  if (!stored) return { reason: 'unknown' };
  if (stored.payment.status !== PaymentStatus.RequiresAction) return { reason: 'not_waiting', stored };
  return stored;
}

/** The customer's side of a 3D Secure challenge through the control API (JSON). */
export const completeThreeDSecureRoute: ControlRoute<ChariPayState> = {
  operationId: 'completeChariPayThreeDSecure',
  handle: (ctx) => {
    const passed = (ctx.body as { result: 'success' | 'failure' }).result === 'success';
    const answered = answerThreeDSecure(ctx, ctx.params.id, passed);
    if ('payment' in answered) return { status: 200, body: structuredClone(answered.payment) };
    if (answered.reason === 'unknown') return noSuchPayment(ctx.params.id);
    const { payment } = answered.stored;
    return notWaitingFor(`Payment ${payment.id} is ${payment.status}, not waiting for 3D Secure.`);
  },
};
