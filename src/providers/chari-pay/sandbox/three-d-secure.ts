import { PaymentStatus } from '../../../../generated/chari-pay/enums.js';
import type { ControlRoute } from '../../../core/sandbox/types.js';
import { completeThreeDSecure, settleDeadlines } from './payments.js';
import type { ChariPayState } from './state.js';

/** The customer's side of a 3D Secure challenge: pass (captured, or authorized on deferred capture) or fail. */
export const completeThreeDSecureRoute: ControlRoute<ChariPayState> = {
  method: 'POST',
  path: '/payments/:id/3ds',
  operationId: 'completeChariPayThreeDSecure',
  handle: (ctx) => {
    settleDeadlines(ctx);
    const id = ctx.params.id!;
    const stored = ctx.state.payments.get(id);
    if (!stored)
      return {
        status: 404,
        body: { error: { code: 'not_found', message: `No Chari Pay payment ${id} in this sandbox.` } },
      };
    if (stored.payment.status !== PaymentStatus.RequiresAction) {
      return {
        status: 409,
        body: {
          error: {
            code: 'invalid_state',
            message: `Payment ${id} is ${stored.payment.status}, not waiting for 3D Secure.`,
          },
        },
      };
    }
    completeThreeDSecure(ctx, stored, (ctx.body as { result: 'success' | 'failure' }).result === 'success');
    return { status: 200, body: structuredClone(stored.payment) };
  },
};
