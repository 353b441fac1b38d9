import spec from '../../../../generated/haloubi-gateway/spec.js';
import { SpecFacts } from '../../../core/spec-facts.js';

const facts = new SpecFacts('haloubi-gateway', spec);
const documentedNumber = (pointer: string, extension: string): number => facts.number(pointer, extension);

/** Haloubi: "Authorization not captured within 7 days. Automatically voided." */
export const AUTHORIZATION_LIFETIME_SECONDS = documentedNumber(
  '#/components/schemas/Payment/properties/expires_at',
  'x-expires-after-seconds',
);

/** Haloubi: "Payment intent expired (1 hour)". */
export const INTENT_LIFETIME_SECONDS = documentedNumber(
  '#/components/schemas/PaymentIntent/properties/expires_at',
  'x-expires-after-seconds',
);

/** Haloubi names a maximum number of payment attempts per intent without its value; the spec infers it. */
export const INTENT_MAX_ATTEMPTS = documentedNumber(
  '#/components/schemas/PaymentIntent/properties/max_attempts',
  'x-value',
);

/** Haloubi: capture_method "automatic (default)". */
export const DEFAULT_CAPTURE_METHOD = facts.string('#/components/schemas/CaptureMethod', 'default') as
  | 'automatic'
  | 'manual';

/**
 * Haloubi: "Customer is redirected to your success_url with ?payment_intent=pi_abc123...". The query is the schema
 * that createPaymentIntent's `x-redirect-query` names; its one required property is the parameter.
 */
export const CHECKOUT_RETURN_PARAMETER = (() => {
  const schema = facts.string('#/paths/~1api~1v1~1payment-intents/post', 'x-redirect-query');
  const [parameter, ...more] = facts.fact<string[]>(`#/components/schemas/${schema}/required`);
  if (parameter === undefined || more.length > 0)
    throw new TypeError(`haloubi-gateway spec: ${schema} must require exactly one query parameter.`);
  return parameter;
})();

/** A merchant URL's placeholder (`x-url-placeholder`) and the intent field that replaces it. */
export interface UrlPlaceholder {
  placeholder: string;
  field: string;
}

/** Haloubi: success_url "Supports placeholders: {CHECKOUT_SESSION_ID} will be replaced with payment intent ID". */
export const RETURN_URL_PLACEHOLDERS = {
  success: facts.fact<UrlPlaceholder>(
    '#/components/schemas/CreatePaymentIntentRequest/properties/success_url',
    'x-url-placeholder',
  ),
  cancel: facts.fact<UrlPlaceholder>(
    '#/components/schemas/CreatePaymentIntentRequest/properties/cancel_url',
    'x-url-placeholder',
  ),
};
