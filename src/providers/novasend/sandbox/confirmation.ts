import type { components } from '../../../../generated/novasend/schema.js';
import spec from '../../../../generated/novasend/spec.js';
import type { operations } from '../../../../generated/sandbox-control/schema.js';
import { deref, resolvePointer } from '../../../core/openapi-document.js';
import type { NovasendPayin } from './state.js';

export type ConfirmationDecision =
  operations['confirmNovasendPayin']['requestBody']['content']['application/json']['decision'];

/**
 * The failure a declined payin carries. Novasend documents only "code, message, etc."; the spec's `payin.declined`
 * example shows one, and the sandbox uses it.
 */
const DECLINE_FAILURE = deref<{ data: { failure: components['schemas']['PayinFailure'] } }>(
  spec,
  resolvePointer(spec, '#/webhooks/payin.declined/post/requestBody/content/application~1json/example'),
).data.failure;

/** Novasend: the transaction's amounts are decimal strings with two decimals, even in XOF ("153.00", "0.00"). */
function transactionAmount(wholeUnits: number): string {
  return `${wholeUnits}.00`;
}

/** The customer can answer only while the payin waits for them: it stays `processing` until they do. */
export function awaitsCustomer(payin: NovasendPayin): boolean {
  return payin.status === 'processing';
}

/**
 * Applies the customer's answer the way Novasend's reading table (Exemple de Lecture) reads it:
 * - accepted → `status = processed`, `transaction.status = completed`: paid and confirmed;
 * - declined → `status = processed`, `transaction.status = failed` and a `failure` object: recorded but refused
 *   (the spec's `payin.declined` example: nothing charged, fees 0);
 * - expired → `status = expired`; `transaction` stays `null`, since the customer never confirmed.
 */
export function answerConfirmation(
  payin: NovasendPayin,
  decision: ConfirmationDecision,
  processedAt: string,
  transactionReference: string,
): void {
  payin.confirmationStatus = decision;
  if (decision === 'expired') {
    payin.status = 'expired';
    return;
  }
  const accepted = decision === 'accepted';
  payin.status = 'processed';
  payin.transaction = {
    reference: transactionReference,
    status: accepted ? 'completed' : 'failed',
    customerName: payin.customerName,
    processedAt,
    phoneNumber: payin.msisdn,
    amount: transactionAmount(payin.amount),
    fees: transactionAmount(accepted ? payin.fee : 0),
    chargedAmount: transactionAmount(accepted ? payin.chargedAmount : 0),
    currency: payin.currency,
  };
  payin.failure = accepted ? null : { ...DECLINE_FAILURE };
}
