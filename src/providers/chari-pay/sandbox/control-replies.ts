import { controlError } from '../../../core/sandbox/control-error.js';
import type { SandboxReply } from '../../../core/sandbox/types.js';
import type { ChariPayState, StoredPayment } from './state.js';

/** The payment a control operation acts on, or the control API's 404 (spec `SandboxError`, code `not_found`). */
export function paymentForControl(state: ChariPayState, id: string | undefined): StoredPayment | SandboxReply {
  const stored = id === undefined ? undefined : state.payments.get(id);
  return stored ?? noSuchPayment(id);
}

/** The control API's 404 for a payment id this sandbox never issued. */
export function noSuchPayment(id: string | undefined): SandboxReply {
  return controlError(404, 'not_found', `No Chari Pay payment ${id} in this sandbox.`);
}

/** The control API's 409: the payment is not waiting for this action (spec `SandboxError`, code `invalid_state`). */
export function notWaitingFor(message: string): SandboxReply {
  return controlError(409, 'invalid_state', message);
}

export function isReply(value: StoredPayment | SandboxReply): value is SandboxReply {
  return 'status' in value;
}
