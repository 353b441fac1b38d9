import { parameterValidators } from '../../../../generated/haloubi-gateway/parameter-validators.js';
import spec from '../../../../generated/haloubi-gateway/spec.js';
import { validators } from '../../../../generated/haloubi-gateway/validators.js';
import type { JsonObject } from '../../../core/openapi-document.js';
import type { SandboxDefinition } from '../../../core/sandbox/types.js';
import { signHaloubiTestWebhook } from '../webhooks.js';
import { haloubiError, invalidRequestReply, rateLimitedReply, sandboxFaultReply, unauthorizedReply } from './errors.js';
import { showHaloubiCheckoutPage } from './hosted-checkout.js';
import {
  cancelPaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  getPublicPaymentIntent,
} from './payment-intents.js';
import { authorizePayment, capturePayment, getPayment, refundPayment, salePayment, voidPayment } from './payments.js';
import { haloubiResources } from './resources.js';
import { type HaloubiState, initialHaloubiState } from './state.js';
import { getTransaction, listTransactions } from './transactions.js';

/** The header a security scheme travels in, for the 401 message. */
function credentialName(scheme: string): string {
  const schemes = (spec.components as { securitySchemes: Record<string, JsonObject> }).securitySchemes;
  return String(schemes[scheme]?.name ?? scheme);
}

/**
 * Haloubi: authorize/sale with the documented test cards, capture (partial, ≤ authorized, within 7 days), void before
 * capture, cumulative partial refunds, hosted-checkout payment intents (client secret, 1-hour expiry, attempt limit),
 * transactions with status filter and limit/offset, 24-hour idempotency and the eight signed webhook events. The
 * hosted checkout page at `checkout_url` is served by the sandbox itself.
 */
export const haloubiGatewaySandbox: SandboxDefinition<HaloubiState> = {
  slug: 'haloubi-gateway',
  spec,
  validators,
  parameterValidators,
  initialState: initialHaloubiState,
  errors: {
    invalidRequest: (message, op, problem) => invalidRequestReply(message, op?.path, problem),
    unauthorized: (scheme, _op, reason) => unauthorizedReply(scheme, credentialName(scheme), reason),
    rateLimited: (_op, retryAfterSeconds) => rateLimitedReply(retryAfterSeconds),
    sandboxFault: (_op, message) => sandboxFaultReply(message),
    routeNotFound: (method, path) => haloubiError('not_found', `Haloubi has no endpoint ${method} ${path}.`),
    // The spec scopes a key to itself (x-idempotency-scope: key): another body or another operation is other data.
    idempotencyConflict: () =>
      haloubiError(
        'idempotency_key_mismatch',
        'This Idempotency-Key was already used with different data (another request body or another operation); use a new key for a new request.',
      ),
  },
  // Spec x-webhook-signature: hex HMAC-SHA256 of the raw body in X-Webhook-Signature (the provider's test signer).
  signWebhook: (body, secret) => signHaloubiTestWebhook(body, secret).headers,
  handlers: {
    authorizePayment,
    salePayment,
    capturePayment,
    voidPayment,
    refundPayment,
    getPayment,
    createPaymentIntent,
    getPublicPaymentIntent,
    confirmPaymentIntent,
    cancelPaymentIntent,
    getTransaction,
    listTransactions,
  },
  control: [{ operationId: 'showHaloubiCheckoutPage', handle: showHaloubiCheckoutPage }],
  resources: haloubiResources,
};
