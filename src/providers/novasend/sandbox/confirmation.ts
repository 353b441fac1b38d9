import type { components } from '../../../../generated/novasend/schema.js';
import spec from '../../../../generated/novasend/spec.js';
import type { operations } from '../../../../generated/sandbox-control/schema.js';
import { deref, resolvePointer } from '../../../core/openapi-document.js';
import { SpecFacts } from '../../../core/spec-facts.js';
import type { NovasendPayin, NovasendState } from './state.js';

export type ConfirmationDecision =
  operations['confirmNovasendPayin']['requestBody']['content']['application/json']['decision'];
export type ProgressStep = operations['progressNovasendPayin']['requestBody']['content']['application/json']['step'];

/**
 * The failure a declined payin carries. Novasend documents only "code, message, etc."; the spec's `payin.declined`
 * example shows one, and the sandbox uses it.
 */
const DECLINE_FAILURE = deref<{ data: { failure: components['schemas']['PayinFailure'] } }>(
  spec,
  resolvePointer(spec, '#/webhooks/payin.declined/post/requestBody/content/application~1json/example'),
).data.failure;

/** "expired: Délai de confirmation dépassé": the delay, from the spec's `x-expiry` on `Payin.confirmationStatus`. */
const CONFIRMATION_DELAY_MS =
  new SpecFacts('novasend', spec).fact<{ afterSeconds: number }>(
    '#/components/schemas/Payin/properties/confirmationStatus',
    'x-expiry',
  ).afterSeconds * 1000;

/** Novasend: the transaction's amounts are decimal strings with two decimals, even in XOF ("153.00", "0.00"). */
function transactionAmount(wholeUnits: number): string {
  return `${wholeUnits}.00`;
}

/** The customer can answer only while the payin waits for them: it stays `processing` until they do. */
export function awaitsCustomer(payin: NovasendPayin): boolean {
  return (
    payin.status === 'processing' && (payin.confirmationStatus === 'none' || payin.confirmationStatus === 'pending')
  );
}

/** Every payin whose confirmation delay ran out while it waited for the customer becomes `expired` (no webhook). */
export function expireOverdue(state: NovasendState, now: number): void {
  for (const payin of state.payins.values())
    if (awaitsCustomer(payin) && now >= payin.createdAt + CONFIRMATION_DELAY_MS) {
      payin.confirmationStatus = 'expired';
      payin.status = 'expired';
    }
}

function recordTransaction(
  payin: NovasendPayin,
  status: components['schemas']['PayinTransaction']['status'],
  processedAt: string,
  reference: string,
): void {
  const charged = status !== 'failed';
  payin.transaction = {
    reference,
    status,
    customerName: payin.customerName,
    processedAt,
    phoneNumber: payin.msisdn,
    amount: transactionAmount(payin.amount),
    fees: transactionAmount(charged ? payin.fee : 0),
    chargedAmount: transactionAmount(charged ? payin.chargedAmount : 0),
    currency: payin.currency,
  };
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
  payin.status = 'processed';
  recordTransaction(payin, decision === 'accepted' ? 'completed' : 'failed', processedAt, transactionReference);
  payin.failure = decision === 'accepted' ? null : { ...DECLINE_FAILURE };
}

/**
 * The waiting states no answer reaches by itself. Returns why the step does not apply, or undefined once applied:
 * - prompted: the customer has the request in hand → `confirmationStatus = pending` (from `none`);
 * - settling: accepted, the Core System not finished → `processed`, `accepted`, `transaction.status = pending`;
 * - settled: the Core System finishes a settling payin → `transaction.status = completed`.
 */
export function progressPayin(
  payin: NovasendPayin,
  step: ProgressStep,
  at: string,
  transactionReference: string,
): string | undefined {
  if (step === 'prompted') {
    if (!awaitsCustomer(payin) || payin.confirmationStatus !== 'none')
      return `only a payin whose confirmation is none can be prompted (it is ${payin.confirmationStatus}).`;
    payin.confirmationStatus = 'pending';
    return undefined;
  }
  if (step === 'settling') {
    if (!awaitsCustomer(payin))
      return `the customer already answered this payin (confirmationStatus ${payin.confirmationStatus}).`;
    payin.confirmationStatus = 'accepted';
    payin.status = 'processed';
    recordTransaction(payin, 'pending', at, transactionReference);
    return undefined;
  }
  if (payin.transaction?.status !== 'pending') return 'only a payin whose transaction is pending can be settled.';
  payin.transaction = { ...payin.transaction, status: 'completed', processedAt: at };
  return undefined;
}
