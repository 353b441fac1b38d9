import type { ControlRoute } from '../../../core/sandbox/types.js';
import { isReply, notWaitingFor, paymentForControl } from './control-replies.js';
import { settleDeadlines } from './payments.js';
import type { ChariPayState } from './state.js';
import { emitPaymentEvent } from './webhook-events.js';

/**
 * The cardholder's side of a chargeback: the guide's `payment.disputed` event. It defines no dispute object or
 * status, so the payment keeps its status and gains `payment.disputed` in its event history.
 */
export const disputePaymentRoute: ControlRoute<ChariPayState> = {
  operationId: 'disputeChariPayPayment',
  handle: (ctx) => {
    settleDeadlines(ctx);
    const stored = paymentForControl(ctx.state, ctx.params.id);
    if (isReply(stored)) return stored;
    const { payment } = stored;
    // Only a payment that charged the card can be charged back, whatever was refunded since.
    if ((payment.amount_captured ?? 0) === 0)
      return notWaitingFor(`Payment ${payment.id} is ${payment.status}; only a charged payment can be disputed.`);
    if (stored.disputed) return notWaitingFor(`Payment ${payment.id} is already disputed.`);
    stored.disputed = true;
    payment.events.push({ type: 'payment.disputed', created: ctx.clock.iso() });
    emitPaymentEvent(ctx, 'payment.disputed', stored);
    return { status: 200, body: structuredClone(payment) };
  },
};
