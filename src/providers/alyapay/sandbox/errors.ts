import { AlyaPayErrorCode } from '../../../../generated/alyapay/enums.js';
import type { SandboxReply } from '../../../core/sandbox/types.js';

/** A reply in AlyaPay's `{ error, message }` body, with a code of the spec's `AlyaPayErrorCode` enum. */
export function alyapayError(status: number, code: AlyaPayErrorCode, message: string): SandboxReply {
  return { status, body: { error: code, message } };
}

/** AlyaPay's documented code for a bad session body, by the top-level field that is wrong. */
export function codeForField(path: string, missing?: unknown): AlyaPayErrorCode {
  const field = path.split('/')[1] || String(missing ?? '');
  if (field === 'currency') return AlyaPayErrorCode.INVALID_CURRENCY;
  if (field === 'total') return AlyaPayErrorCode.INVALID_AMOUNT;
  // "Items array is missing or invalid": the items, or a body that is not an order object at all (no items).
  return AlyaPayErrorCode.INVALID_ITEMS;
}

/** An error of the control API itself, in its `SandboxError` format (built once, in core). */
export { controlError } from '../../../core/sandbox/control-error.js';
