import type { webhooks } from '../../../../generated/chari-pay/schema.js';
import type { ClockContext } from '../../../core/sandbox/types.js';
import type { ChariPayPayment, ChariPayState } from './state.js';

export type ChariPayEvent = keyof webhooks & string;

/**
 * Sends a webhook with a snapshot of the payment: `{ id, type, created, data }`. The guide's handlers de-duplicate
 * on the event `id`, so retries of one delivery keep it while each new event gets its own.
 */
export function emitPaymentEvent(
  ctx: ClockContext<ChariPayState>,
  type: ChariPayEvent,
  payment: ChariPayPayment,
): void {
  ctx.webhooks.emit(type, { id: ctx.newId('evt_'), type, created: ctx.clock.iso(), data: structuredClone(payment) });
}
