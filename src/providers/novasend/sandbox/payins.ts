import type { components } from '../../../../generated/novasend/schema.js';
import spec from '../../../../generated/novasend/spec.js';
import { toScaledInteger } from '../../../core/money.js';
import { deref, type JsonObject, resolvePointer } from '../../../core/openapi-document.js';
import { controlPageUrl } from '../../../core/sandbox/pages/page-url.js';
import type { NovasendPayin } from './state.js';

type Payin = components['schemas']['Payin'];
type CreatePayinSessionRequest = components['schemas']['CreatePayinSessionRequest'];

const payinProperty = (name: string) =>
  deref<JsonObject>(spec, resolvePointer(spec, `#/components/schemas/Payin/properties/${name}`));

interface FeeRate {
  percent: number;
  rounding: 'up' | 'down' | 'half-up';
}

/** The fee rule the spec infers from the document's example (`x-fee-rate` on `Payin.fee`: 6 on 300, 2 %). */
const FEE_RATE = payinProperty('fee')['x-fee-rate'] as unknown as FeeRate;
if (typeof FEE_RATE?.percent !== 'number' || !['up', 'down', 'half-up'].includes(FEE_RATE.rounding)) {
  throw new Error('The novasend spec needs `x-fee-rate: { percent, rounding: up | down | half-up }` on Payin.fee.');
}
/** The percentage as an integer of ten-thousandths of a percent, so the fee is exact integer arithmetic. */
const FEE_RATE_SCALE = 4;
const FEE_RATE_SCALED = toScaledInteger(FEE_RATE.percent, FEE_RATE_SCALE, 'a fee percentage');

/**
 * Novasend: the currency is not sent, it follows from the merchant account and country. The sandbox's accounts all
 * settle in the spec's example currency (XOF, the currency of CI, SN and TG).
 */
const SANDBOX_CURRENCY = String((payinProperty('currency').examples as unknown[])[0]);

/** The fee on a whole-unit amount, by the spec's `x-fee-rate`: 2 % of 300 → 6, of 301 → 6.02 rounded up → 7. */
export function payinFee(amount: bigint): bigint {
  const numerator = amount * FEE_RATE_SCALED;
  const denominator = 100n * 10n ** BigInt(FEE_RATE_SCALE);
  const floor = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n || FEE_RATE.rounding === 'down') return floor;
  if (FEE_RATE.rounding === 'half-up') return remainder * 2n >= denominator ? floor + 1n : floor;
  return floor + 1n;
}

/**
 * A new payin from a request the schema already accepted (whole, positive amount; E.164 msisdn; ISO country).
 * Returns a sentence for the caller when the amounts cannot travel exactly as JSON numbers. Its `paymentUrl` (the
 * document's link for the customer to confirm on a phone or the web) opens the sandbox's phone simulator page.
 */
export function openPayin(
  request: CreatePayinSessionRequest,
  reference: string,
  now: number,
  publicUrl: string,
): NovasendPayin | string {
  let amount: bigint;
  try {
    amount = toScaledInteger(request.amount, 0, SANDBOX_CURRENCY);
  } catch (error) {
    return (error as Error).message;
  }
  const fee = payinFee(amount);
  const charged = amount + fee;
  if (charged > BigInt(Number.MAX_SAFE_INTEGER))
    return `amount ${request.amount} plus its fee is too large to be charged; split the payment.`;
  return {
    reference,
    customerReference: request.reference,
    accountId: request.accountId,
    amount: Number(amount),
    fee: Number(fee),
    chargedAmount: Number(charged),
    msisdn: request.msisdn,
    customerName: request.customerName,
    country: request.country,
    currency: SANDBOX_CURRENCY,
    paymentUrl: controlPageUrl(publicUrl, 'showNovasendPhoneConfirmation', { reference }),
    createdAt: now,
    // Novasend: a payin session waits for the customer (OTP, wallet approval or the link) and stays `processing`
    // until they answer; `confirmationRequired = false` is for internal transfers, which this API does not create.
    status: 'processing',
    confirmationStatus: 'none',
    transaction: null,
    failure: null,
  };
}

function common(payin: NovasendPayin) {
  return {
    type: 'payin' as const,
    fee: payin.fee,
    reference: payin.reference,
    phoneNumber: payin.msisdn,
    amount: payin.amount,
    chargedAmount: payin.chargedAmount,
    status: payin.status,
    currency: payin.currency,
    customerReference: payin.customerReference,
    confirmationRequired: true,
    confirmationStatus: payin.confirmationStatus,
    createdAt: new Date(payin.createdAt).toISOString(),
  };
}

/** The `createPayinSession` reply: the session fields and the `paymentUrl` to show the customer. */
export function sessionView(payin: NovasendPayin): Payin {
  return { ...common(payin), paymentUrl: payin.paymentUrl };
}

/** The `getPayin` reply (and webhook `data`): adds `customerName`, `transaction` and `failure`, no `paymentUrl`. */
export function payinView(payin: NovasendPayin): Payin {
  return { ...common(payin), customerName: payin.customerName, transaction: payin.transaction, failure: payin.failure };
}
