import type { WebhookDispatcher } from '../../../core/sandbox/webhook-dispatcher.js';
import type { NovasendWebhookPayloads } from '../webhooks.js';
import { payinView } from './payins.js';
import type { NovasendPayin } from './state.js';

function emit<E extends keyof NovasendWebhookPayloads>(
  webhooks: WebhookDispatcher,
  event: E,
  payload: NovasendWebhookPayloads[E],
): void {
  webhooks.emit(event, payload);
}

/**
 * Novasend follows the customer's answer with `payin.confirmed` or `payin.declined` ({ event, data: payin }).
 * It documents no event for an expired confirmation, so none is sent.
 */
export function emitCustomerAnswer(webhooks: WebhookDispatcher, payin: NovasendPayin): void {
  if (payin.confirmationStatus === 'accepted')
    emit(webhooks, 'payin.confirmed', { event: 'payin.confirmed', data: payinView(payin) });
  else if (payin.confirmationStatus === 'declined')
    emit(webhooks, 'payin.declined', { event: 'payin.declined', data: payinView(payin) });
}
