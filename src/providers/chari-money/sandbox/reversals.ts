import { ChariErrorCode, OperationStatus, OperationType } from '../../../../generated/chari-money/enums.js';
import { checkMove } from './balance-limits.js';
import { fail, ok } from './errors.js';
import {
  centimes,
  completeOperation,
  madText,
  openOperation,
  operationResult,
  previewResult,
  requireActiveCustomer,
} from './ledger.js';
import type { ChariMoneyContext, ChariMoneyHandler, ChariMoneyState, Operation } from './state.js';

type Body = Record<string, unknown>;

/** The completed operation a chargeback or refund reverses, and how much of it is left to reverse. */
function original(state: ChariMoneyState, id: unknown, amount: bigint): Operation {
  const operation = state.operations.get(Number(id));
  if (!operation)
    return fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `There is no operation ${String(id)} to reverse.`);
  if (operation.status !== OperationStatus.COMPLETED)
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Operation ${operation.id} is not completed (status ${operation.status}).`,
    );
  const left = operation.amount - operation.reversed;
  if (amount > left)
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Only ${madText(left)} of operation ${operation.id} is left to reverse; ${madText(amount)} is more.`,
    );
  return operation;
}

/**
 * A chargeback moves `Amount` back from `SourcePhoneNumber` to `DestinationPhoneNumber`: the wallet the original
 * operation credited gives back to the one it debited, never more than the original amount in total.
 */
function plannedChargeback({ body, state }: ChariMoneyContext) {
  const b = body as Body;
  const source = requireActiveCustomer(state, b.SourcePhoneNumber);
  const destination = requireActiveCustomer(state, b.DestinationPhoneNumber);
  const amount = centimes(b.Amount);
  const from = original(state, b.OriginalOperationId, amount);
  if (from.credit !== source.account || from.debit !== destination.account) {
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Operation ${from.id} did not move money from ${destination.phoneNumber} to ${source.phoneNumber}.`,
    );
  }
  checkMove(source.account, destination.account, amount);
  return { source, destination, amount, from };
}

export const previewChargeback: ChariMoneyHandler = (ctx) => ok(previewResult(plannedChargeback(ctx).amount));

export const executeChargeback: ChariMoneyHandler = (ctx) => {
  const { source, destination, amount, from } = plannedChargeback(ctx);
  const operation = openOperation(ctx, {
    type: OperationType.CHARGEBACK,
    amount,
    debit: source.account,
    credit: destination.account,
    primary: source.phoneNumber,
    secondary: destination.phoneNumber,
    originalId: from.id,
  });
  completeOperation(operation, ctx.clock.now());
  from.reversed += amount;
  return ok(operationResult(operation));
};

/**
 * A refund after a merchant payment: the merchant gives back at most what it was paid. A wallet payment is refunded to
 * the paying wallet; a card payment to the card, once its gateway `OrderId` and `TransactionTrackId` match.
 */
function plannedRefund({ body, state }: ChariMoneyContext, phoneNumber: unknown) {
  const b = body as Body;
  const amount = centimes(b.RefundAmount);
  const from = original(state, b.OperationId, amount);
  if (from.type !== OperationType.MOBILE_PAYMENT && from.type !== OperationType.CARD_PAYMENT)
    fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `Operation ${from.id} is not a merchant payment.`);
  if (from.gateway && (from.gateway.orderId !== b.OrderId || from.gateway.trackId !== b.TransactionTrackId)) {
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `OrderId and TransactionTrackId must be those of payment ${from.id} (its card webhook's GatewayOrderId and GatewayTrackId).`,
    );
  }
  const merchant = from.credit;
  if (!merchant) return fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `Payment ${from.id} credited no wallet.`);
  const customer = from.debit ? requireActiveCustomer(state, phoneNumber) : undefined;
  if (customer && customer.account !== from.debit)
    fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `Payment ${from.id} was not made by ${customer.phoneNumber}.`);
  checkMove(merchant, customer?.account, amount);
  return { merchant, customer, amount, from };
}

/** The customer to refund: the document writes `PhoneNumber` at preview and `phoneNumber` at execute; either is read. */
const customerPhone = (body: Body): unknown => body.PhoneNumber ?? body.phoneNumber;

export const previewRefund: ChariMoneyHandler = (ctx) =>
  ok(previewResult(plannedRefund(ctx, customerPhone(ctx.body as Body)).amount));

export const executeRefund: ChariMoneyHandler = (ctx) => {
  const phoneNumber = customerPhone(ctx.body as Body);
  const { merchant, customer, amount, from } = plannedRefund(ctx, phoneNumber);
  const operation = openOperation(ctx, {
    type: OperationType.PAYMENT_REFUND,
    amount,
    debit: merchant,
    credit: customer?.account,
    primary: merchant.number,
    secondary: String(phoneNumber),
    originalId: from.id,
  });
  completeOperation(operation, ctx.clock.now());
  from.reversed += amount;
  return ok(operationResult(operation));
};
