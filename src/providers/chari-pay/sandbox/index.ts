import { parameterValidators } from '../../../../generated/chari-pay/parameter-validators.js';
import spec from '../../../../generated/chari-pay/spec.js';
import { validators } from '../../../../generated/chari-pay/validators.js';
import type { SandboxContext, SandboxDefinition, SandboxReply } from '../../../core/sandbox/types.js';
import { signChariPayTestWebhook } from '../webhooks.js';
import { disputePaymentRoute } from './dispute.js';
import { chariPayErrorReplies } from './errors.js';
import { showThreeDSecureChallengeRoute, submitThreeDSecureChallengeRoute } from './hosted-pages.js';
import { listPayments } from './payment-list.js';
import { attachPaymentMethod } from './payment-methods.js';
import { capturePayment, createPayment, getPayment, refundPayment, settleDeadlines } from './payments.js';
import { chariPayResources } from './resources.js';
import { type ChariPayState, initialChariPayState } from './state.js';
import { completeThreeDSecureRoute } from './three-d-secure.js';

/** Every request first lets time do its work, so a payment past its deadline is never shown as still pending. */
function onTime(
  handler: (ctx: SandboxContext<ChariPayState>) => SandboxReply,
): (ctx: SandboxContext<ChariPayState>) => SandboxReply {
  return (ctx) => {
    settleDeadlines(ctx);
    return handler(ctx);
  };
}

/**
 * Chari Pay: test-card outcomes (spec `x-test-cards`) including 3D Secure challenges completed on the sandbox's
 * challenge page (`next_action.redirect_url`, back to the payment's `return_url`) or through the control API,
 * deferred and partial capture, cumulative refunds, cursor-paged listing with the documented filters, saved
 * cards, duplicate references refused, disputes raised through the control API, and HMAC-SHA256-signed webhooks
 * (to the payment's own `webhook_url` when it has one) retried on the documented schedule.
 */
export const chariPaySandbox: SandboxDefinition<ChariPayState> = {
  slug: 'chari-pay',
  spec,
  validators,
  parameterValidators,
  initialState: initialChariPayState,
  errors: chariPayErrorReplies,
  handlers: {
    createPayment: onTime(createPayment),
    getPayment: onTime(getPayment),
    listPayments: onTime(listPayments),
    capturePayment: onTime(capturePayment),
    refundPayment: onTime(refundPayment),
    attachPaymentMethod: onTime(attachPaymentMethod),
  },
  signWebhook: (body, secret) => signChariPayTestWebhook(body, secret).headers,
  control: [
    completeThreeDSecureRoute,
    showThreeDSecureChallengeRoute,
    submitThreeDSecureChallengeRoute,
    disputePaymentRoute,
  ],
  resources: chariPayResources,
  onClockAdvance: settleDeadlines,
};
