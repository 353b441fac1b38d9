/**
 * paycontracts: typed clients, webhook verifiers, money helpers and stateful sandboxes for payment APIs used in
 * Morocco and francophone West Africa. Each provider has its own entry point (`paycontracts/<slug>`); this one
 * holds what they share.
 */
export * from './core/errors.js';
export * from './core/money.js';
export type { ApiResult, CallMeta, CallOptions, CommonClientOptions, Logger, PaymentClient, ValidateMode } from './core/client.js';
export { maskPan, redactHeaders, redactValue } from './core/redact.js';
export { PROVIDER_SLUGS, type ProviderSlug } from './core/providers.js';
export { createIdempotentHandler, createMemoryEventStore, type ProcessedEventStore } from './core/idempotent-handler.js';
export { WebhookVerificationError, type WebhookFailureReason } from './core/webhooks.js';
