import type { WebhookDispatcher } from '../../../core/sandbox/webhook-dispatcher.js';
import type { Operation } from './state.js';
import { operationProperties, webhookId } from './webhook-events.js';

/** The delivery's name in the sandbox's webhook log (it is not one of the ten webhooks, so it has no EventId). */
export const CARD_NOTIFICATION_EVENT = 'card.transaction.notification';

/**
 * `NotificationUrl`: "URL notifiée après fin de transaction (succès/échec)". The document does not say what it
 * carries; the sandbox sends `CardTransactionNotification` (inferred in the spec): the operation's webhook properties,
 * the gateway ids, the merchant's ExternalReference and the redirect's outcome, signed and retried like a webhook.
 */
export function emitCardNotification(
  hooks: WebhookDispatcher,
  operation: Operation,
  outcome: Record<string, string>,
): void {
  const challenge = operation.challenge;
  if (challenge?.notificationUrl === undefined) return;
  const data = {
    WebhookId: webhookId(),
    ...operationProperties(operation),
    ...(challenge.externalReference === undefined ? {} : { ExternalReference: challenge.externalReference }),
    ...(operation.gateway === undefined
      ? {}
      : {
          GatewayTrackId: operation.gateway.trackId,
          GatewayOrderId: operation.gateway.orderId,
          GatewayReferenceId: operation.gateway.referenceId,
        }),
    ...outcome,
  };
  hooks.emit(CARD_NOTIFICATION_EVENT, { data }, { url: challenge.notificationUrl });
}
