import type { webhooks } from '../../../../generated/haloubi-gateway/schema.js';
import type { SandboxContext } from '../../../core/sandbox/types.js';
import type { HaloubiState } from './state.js';

export type HaloubiEvent = keyof webhooks & string;
type EventObject<E extends HaloubiEvent> =
  webhooks[E]['post']['requestBody']['content']['application/json']['data']['object'];

/**
 * Sends a Haloubi event "immediately after" it happens, in the event envelope the spec reconstructs
 * (`id`, `type`, `created`, `data.object`). `object` must be a snapshot: the delivery log keeps it.
 */
export function emitEvent<E extends HaloubiEvent>(
  ctx: Pick<SandboxContext<HaloubiState>, 'webhooks' | 'clock' | 'newId'>,
  type: E,
  object: EventObject<E>,
): void {
  ctx.webhooks.emit(type, { id: ctx.newId('evt_'), type, created: ctx.clock.iso(), data: { object } });
}
