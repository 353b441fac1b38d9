import { ChariErrorCode, OperationType } from '../../../../generated/chari-money/enums.js';
import { checkMove } from './balance-limits.js';
import { linkedBeneficiary } from './beneficiaries.js';
import { fail, ok } from './errors.js';
import {
  centimes,
  completeOperation,
  mad,
  madText,
  openOperation,
  operationResult,
  previewResult,
  requireActiveCustomer,
  requireMerchant,
} from './ledger.js';
import type { ChariMoneyContext, ChariMoneyHandler, ChariMoneyState, Customer, QrCode } from './state.js';
import { emitOperationEvent } from './webhook-events.js';

type Body = Record<string, unknown>;

/** A wallet payment to a merchant: the payer active and not the merchant itself, within balance and the merchant's limit. */
function plannedPayment(state: ChariMoneyState, payerPhone: unknown, merchant: Customer, amountField: unknown) {
  const payer = requireActiveCustomer(state, payerPhone);
  if (payer === merchant) fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, 'A merchant cannot pay itself.');
  const amount = centimes(amountField);
  checkMove(payer.account, merchant.account, amount);
  return { payer, amount };
}

/** Completes a wallet payment and tells the merchant (`payment.received`). */
function pay(ctx: ChariMoneyContext, payer: Customer, merchant: Customer, amount: bigint) {
  const operation = openOperation(ctx, {
    type: OperationType.MOBILE_PAYMENT,
    amount,
    debit: payer.account,
    credit: merchant.account,
    primary: payer.phoneNumber,
    secondary: merchant.phoneNumber,
  });
  completeOperation(operation, ctx.clock.now());
  emitOperationEvent(ctx.webhooks, 'payment.received', operation);
  return operation;
}

function plannedPhonePayment({ body, state }: ChariMoneyContext) {
  const b = body as Body;
  const merchant = requireMerchant(state, b.RecipientPhoneNumber);
  const planned = plannedPayment(state, b.CustomerPhoneNumber, merchant, b.Amount);
  linkedBeneficiary(state, planned.payer.phoneNumber, b.BeneficiaryId, merchant.phoneNumber);
  return { ...planned, merchant };
}

export const previewMerchantPaymentByPhone: ChariMoneyHandler = (ctx) =>
  ok(previewResult(plannedPhonePayment(ctx).amount));

export const executeMerchantPaymentByPhone: ChariMoneyHandler = (ctx) => {
  const { payer, merchant, amount } = plannedPhonePayment(ctx);
  return ok(operationResult(pay(ctx, payer, merchant, amount)));
};

/** A scanned code: one this sandbox generated; a dynamic one is paid once, with its own amount. */
function plannedQrPayment({ body, state }: ChariMoneyContext) {
  const b = body as Body;
  const code = state.qrCodes.get(String(b.QrCodeContent));
  if (!code)
    return fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      'The QR code content is not a Chari Money merchant code; scan it again.',
    );
  const merchant = requireMerchant(state, code.merchant);
  const planned = plannedPayment(state, b.CustomerPhoneNumber, merchant, b.Amount);
  if (code.paidBy !== undefined)
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Dynamic QR code ${code.reference} was already paid (operation ${code.paidBy}).`,
    );
  if (code.amount !== undefined && code.amount !== planned.amount) {
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Dynamic QR code ${code.reference} is for ${madText(code.amount)}; send that amount.`,
    );
  }
  return { ...planned, merchant, code };
}

export const previewMerchantPaymentByQrCode: ChariMoneyHandler = (ctx) =>
  ok(previewResult(plannedQrPayment(ctx).amount));

export const executeMerchantPaymentByQrCode: ChariMoneyHandler = (ctx) => {
  const { payer, merchant, amount, code } = plannedQrPayment(ctx);
  const operation = pay(ctx, payer, merchant, amount);
  if (code.amount !== undefined) code.paidBy = operation.id;
  return ok(operationResult(operation));
};

/** EMV QR fields are ID, two-digit length, value. */
const tlv = (id: string, value: string) => `${id}${String(value.length).padStart(2, '0')}${value}`;

/** CRC-16/CCITT-FALSE, the checksum that ends an EMV merchant QR (field 63). */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** "+2126######74": the number with its middle hidden, as the document shows `MaskedNumber`. */
const masked = (phone: string) => `${phone.slice(0, 5)}${'#'.repeat(phone.length - 7)}${phone.slice(-2)}`;

/** An EMV-style merchant QR payload like the spec's examples (static 11, dynamic 12; MAD is ISO 4217 numeric 504). */
function qrContent(merchant: Customer, maskNumber: boolean, amount?: bigint, reference?: string): string {
  const account = tlv(
    '29',
    tlv('00', 'ma.charimoney') + tlv('01', maskNumber ? masked(merchant.phoneNumber) : merchant.phoneNumber),
  );
  const body =
    tlv('00', '01') +
    tlv('01', amount === undefined ? '11' : '12') +
    account +
    tlv('53', '504') +
    (amount === undefined ? '' : tlv('54', mad(amount).toFixed(2))) +
    tlv('58', 'MA') +
    tlv('59', `${merchant.firstName} ${merchant.lastName}`.toUpperCase().slice(0, 25)) +
    (reference ? tlv('62', tlv('05', reference)) : '') +
    '6304';
  return body + crc16(body);
}

function register(state: ChariMoneyState, content: string, code: QrCode): void {
  if (!state.qrCodes.has(content)) state.qrCodes.set(content, code);
}

/** A static code: no amount, the same content each time for a merchant (and masking choice), payable any number of times. */
export const generateStaticQrCode: ChariMoneyHandler = ({ params, state }) => {
  const merchant = requireMerchant(state, params.query.PhoneNumber);
  const content = qrContent(merchant, params.query.MaskedNumber === true);
  register(state, content, { merchant: merchant.phoneNumber });
  return ok({ qrCodeContent: content });
};

export const generateDynamicQrCode: ChariMoneyHandler = ({ params, body, state, clock }) => {
  const merchant = requireMerchant(state, params.query.PhoneNumber);
  const amount = centimes((body as Body).Amount);
  state.sequences.qr += 1;
  const reference = `QR-${clock.iso().slice(0, 10).replaceAll('-', '')}-${String(state.sequences.qr).padStart(6, '0')}`;
  const content = qrContent(merchant, params.query.MaskedNumber === true, amount, reference);
  register(state, content, { merchant: merchant.phoneNumber, amount, reference });
  return ok({ qrCodeContent: content, qrCodeReference: reference, amount: mad(amount) });
};
