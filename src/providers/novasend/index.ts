export { createIdempotentHandler } from '../../core/idempotent-handler.js';
export { WebhookVerificationError } from '../../core/webhooks.js';
export * from './client.js';
export * from './money.js';
export * from './webhooks.js';
