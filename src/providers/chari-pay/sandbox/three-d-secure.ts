import { PaymentStatus } from '../../../../generated/chari-pay/enums.js';
import type { ControlRoute } from '../../../core/sandbox/types.js';
import { isReply, notWaitingFor, paymentForControl } from './control-replies.js';
import { completeThreeDSecure, settleDeadlines } from './payments.js';
import type { ChariPayState } from './state.js';

/** The customer's side of a 3D Secure challenge: pass (captured, or authorized on deferred capture) or fail. */
export const completeThreeDSecureRoute: ControlRoute<ChariPayState> = {
  operationId: 'completeChariPayThreeDSecure',
  handle: (ctx) => {
    settleDeadlines(ctx);
    const stored = paymentForControl(ctx.state, ctx.params.id);
    if (isReply(stored)) return stored;
    const { payment } = stored;
    if (payment.status !== PaymentStatus.RequiresAction)
      return notWaitingFor(`Payment ${payment.id} is ${payment.status}, not waiting for 3D Secure.`);
    completeThreeDSecure(ctx, stored, (ctx.body as { result: 'success' | 'failure' }).result === 'success');
    return { status: 200, body: structuredClone(payment) };
  },
};
