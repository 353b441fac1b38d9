import type { ControlContext, ControlRoute, SandboxReply } from '../../../core/sandbox/types.js';
import {
  answerConfirmation,
  awaitsCustomer,
  type ConfirmationDecision,
  expireOverdue,
  type ProgressStep,
  progressPayin,
} from './confirmation.js';
import { controlError } from './errors.js';
import { payinView } from './payins.js';
import type { NovasendPayin, NovasendState } from './state.js';
import { emitCustomerAnswer } from './webhook-events.js';

type Ctx = ControlContext<NovasendState>;

/** The payin the control call names, after time has done its work; a control-API 404 when there is none. */
export function namedPayin({ params, state, clock }: Ctx): NovasendPayin | SandboxReply {
  expireOverdue(state, clock.now());
  const reference = params.reference ?? '';
  return (
    state.payins.get(reference) ?? controlError(404, 'not_found', `No Novasend payin ${reference} in this sandbox.`)
  );
}

export function isPayin(found: NovasendPayin | SandboxReply): found is NovasendPayin {
  return 'customerReference' in found;
}

/** The customer answers the confirmation (the control call and the phone page's form). */
export function confirmPayin(ctx: Ctx): SandboxReply {
  const payin = namedPayin(ctx);
  if (!isPayin(payin)) return payin;
  if (!awaitsCustomer(payin))
    return controlError(
      409,
      'invalid_state',
      `The customer can no longer answer this payin (status ${payin.status}, confirmationStatus ${payin.confirmationStatus}).`,
    );
  const { decision } = ctx.body as { decision: ConfirmationDecision };
  answerConfirmation(payin, decision, ctx.clock.iso(), ctx.newId('tr_'));
  emitCustomerAnswer(ctx.webhooks, payin);
  return { status: 200, body: payinView(payin) };
}

/** The customer's side of a payin: answering the confirmation, or a waiting step no answer reaches by itself. */
export const customerRoutes: ControlRoute<NovasendState>[] = [
  { operationId: 'confirmNovasendPayin', handle: confirmPayin },
  {
    operationId: 'progressNovasendPayin',
    handle: (ctx) => {
      const payin = namedPayin(ctx);
      if (!isPayin(payin)) return payin;
      const { step } = ctx.body as { step: ProgressStep };
      const refused = progressPayin(payin, step, ctx.clock.iso(), ctx.newId('tr_'));
      if (refused) return controlError(409, 'invalid_state', `Cannot move this payin to ${step}: ${refused}`);
      // The customer accepted: Novasend sends payin.confirmed even though the Core System has not finished.
      if (step === 'settling') emitCustomerAnswer(ctx.webhooks, payin);
      return { status: 200, body: payinView(payin) };
    },
  },
];
