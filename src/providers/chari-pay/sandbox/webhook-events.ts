import type { webhooks } from '../../../../generated/chari-pay/schema.js';
import type { ClockContext } from '../../../core/sandbox/types.js';
import type { ChariPayState, StoredPayment } from './state.js';

export type ChariPayEvent = keyof webhooks & string;

/**
 * Sends a webhook with a snapshot of the payment: `{ id, type, created, data }`, to the payment's own `webhook_url`
 * when it was created with one, else to the URL registered in the dashboard (the sandbox's `--webhook-url`). The
 * guide's handlers de-duplicate on the event `id`, so retries of one delivery keep it while each new event gets its own.
 */
export function emitPaymentEvent(ctx: ClockContext<ChariPayState>, type: ChariPayEvent, stored: StoredPayment): void {
  const payload = { id: ctx.newId('evt_'), type, created: ctx.clock.iso(), data: structuredClone(stored.payment) };
  ctx.webhooks.emit(type, payload, { url: stored.webhookUrl });
}
