/**
 * paycontracts: typed clients, webhook verifiers, money helpers and stateful sandboxes for payment APIs used in
 * Morocco and francophone West Africa. Each provider has its own entry point (`paycontracts/<slug>`); this one
 * holds what they share.
 */

export type {
  ApiResult,
  CallMeta,
  CallOptions,
  CommonClientOptions,
  Logger,
  PaymentClient,
  ValidateMode,
} from './core/client.js';
export * from './core/errors.js';
export {
  createIdempotentHandler,
  createMemoryEventStore,
  type ProcessedEventStore,
} from './core/idempotent-handler.js';
export * from './core/money.js';
export { PROVIDER_SLUGS, type ProviderSlug } from './core/providers.js';
export { maskPan, redactHeaders, redactValue } from './core/redact.js';
export { type WebhookFailureReason, WebhookVerificationError } from './core/webhooks.js';
