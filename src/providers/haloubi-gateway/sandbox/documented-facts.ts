import spec from '../../../../generated/haloubi-gateway/spec.js';
import { listServers } from '../../../core/openapi-document.js';
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

/** The hosted checkout page lives on the gateway's sandbox host. */
export const CHECKOUT_HOST = (() => {
  const sandbox = listServers(spec).find((s) => s.environment === 'sandbox');
  if (!sandbox) throw new TypeError('haloubi-gateway spec: no server has x-environment: sandbox; run the build.');
  return sandbox.url;
})();

/** Haloubi: capture_method "automatic (default)". */
export const DEFAULT_CAPTURE_METHOD = facts.string('#/components/schemas/CaptureMethod', 'default') as
  | 'automatic'
  | 'manual';
