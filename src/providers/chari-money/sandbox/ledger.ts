import {
  ChariErrorCode,
  CustomerStatus,
  OperationStatus,
  OperationType,
  Sens,
  TransactionType,
} from '../../../../generated/chari-money/enums.js';
import { fromMinorUnits, minorUnitsToDecimalNumber, toMinorUnits } from '../../../core/money.js';
import { CURRENCY } from './documented-facts.js';
import { fail } from './errors.js';
import type { Account, Agent, ChariMoneyContext, ChariMoneyState, Customer, Operation } from './state.js';

/** A request amount in centimes; more than two decimals is refused, never rounded. */
export function centimes(amount: unknown): bigint {
  try {
    return toMinorUnits(amount as number, CURRENCY);
  } catch (error) {
    return fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Amount ${String(amount)} is not a valid MAD amount: ${(error as Error).message}`,
    );
  }
}

/** Centimes as the decimal MAD number Chari sends. */
export function mad(minor: bigint): number {
  return minorUnitsToDecimalNumber(minor, CURRENCY);
}

export function madText(minor: bigint): string {
  return `${fromMinorUnits(minor, CURRENCY)} ${CURRENCY}`;
}

/**
 * Chari Money documents no fee schedule (its webhook examples carry fees but no rule), so the sandbox charges none on
 * wallet operations; the card payment's `FeesPercent`, which the caller sets, is the one fee it applies.
 */
export const NO_FEE = 0n;

export function requireCustomer(state: ChariMoneyState, phoneNumber: unknown): Customer {
  const customer = state.customers.get(String(phoneNumber));
  if (!customer) return fail(ChariErrorCode.USER_NOT_FOUND, `No wallet is registered for ${String(phoneNumber)}.`);
  return customer;
}

/** A customer whose wallet can move money: registered, confirmed and active (not locked). */
export function requireActiveCustomer(state: ChariMoneyState, phoneNumber: unknown): Customer {
  const customer = requireCustomer(state, phoneNumber);
  if (customer.status !== CustomerStatus.ACTIVE) {
    const name = Object.entries(CustomerStatus).find(([, v]) => v === customer.status)?.[0];
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `The wallet ${customer.phoneNumber} is not active (status ${customer.status} ${name}); it cannot move money.`,
    );
  }
  return customer;
}

export function requireMerchant(state: ChariMoneyState, phoneNumber: unknown): Customer {
  const merchant = requireActiveCustomer(state, phoneNumber);
  if (merchant.walletType !== 'C')
    fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `${merchant.phoneNumber} is not a merchant wallet (walletType C).`);
  return merchant;
}

/** A retail agent, or the principal agent, by code. */
export function requireAgent(state: ChariMoneyState, code: unknown): Agent {
  const agent = String(code) === state.principal.code ? state.principal : state.agents.get(String(code));
  if (!agent) return fail(ChariErrorCode.USER_NOT_FOUND, `No agent has the code ${String(code)}.`);
  return agent;
}

/** An operation's main transaction has the transaction type of the same name (BANK_TRANSFER: 9 → 16, CHARGEBACK: 12 → 9). */
const TRANSACTION_TYPE_OF: Record<number, number | undefined> = Object.fromEntries(
  Object.entries(OperationType).map(([name, code]) => [code, (TransactionType as Record<string, number>)[name]]),
);

/**
 * The caller's tracing id (`C-Request-Id`, the spec's `x-request-id` header), reported as `CRequestId` in webhooks;
 * undefined when the caller sent none, so no id is invented.
 */
export function requestIdOf(ctx: ChariMoneyContext): string | undefined {
  const name = ctx.op.requestIdHeader?.toLowerCase();
  const sent = name === undefined ? undefined : ctx.params.header[name];
  return typeof sent === 'string' && sent.length > 0 ? sent : undefined;
}

type NewOperation = Pick<Operation, 'type' | 'amount' | 'primary'> &
  Partial<Omit<Operation, 'id' | 'transactionId' | 'transactionReference' | 'createdAt' | 'cRequestId' | 'reversed'>>;

/** Records a new OPEN operation; its money moves only when it completes. */
export function openOperation(ctx: ChariMoneyContext, fields: NewOperation): Operation {
  const { state, clock } = ctx;
  state.sequences.operation += 1;
  state.sequences.transaction += 1;
  const now = clock.now();
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  const operation: Operation = {
    status: OperationStatus.OPEN,
    fee: NO_FEE,
    ...fields,
    id: state.sequences.operation,
    transactionId: state.sequences.transaction,
    transactionReference: `TRX-${day}-${state.sequences.transaction}`,
    createdAt: now,
    cRequestId: requestIdOf(ctx),
    reversed: 0n,
  };
  state.operations.set(operation.id, operation);
  return operation;
}

/** Moves the money of an OPEN operation and completes it. Callers check feasibility first (`checkMove`). */
export function completeOperation(operation: Operation, now: number): void {
  if (operation.debit) operation.debit.balance -= operation.amount + operation.fee;
  if (operation.credit) operation.credit.balance += operation.amount;
  operation.status = OperationStatus.COMPLETED;
  operation.executedAt = now;
}

export function failOperation(operation: Operation, now: number, status: number = OperationStatus.FAILED): void {
  operation.status = status;
  operation.executedAt = now;
}

/** The operation as a wallet sees it (`Operation` schema): booked on `account`, credit or debit from its side. */
export function operationView(operation: Operation, account?: Account) {
  const booked = account ?? operation.credit ?? operation.debit;
  const sens = booked !== undefined && booked === operation.debit ? Sens.DEBIT : Sens.CREDIT;
  return {
    operationId: operation.id,
    transactionId: operation.transactionId,
    transactionReference: operation.transactionReference,
    amount: mad(operation.amount),
    totalAmount: mad(operation.amount + operation.fee),
    accountNumber: booked?.number ?? operation.primary,
    operationType: operation.type,
    operationStatus: operation.status,
    transactionType: TRANSACTION_TYPE_OF[operation.type],
    transactionStatus: operation.status,
    sens,
    feeAmount: mad(operation.fee),
    createdAt: new Date(operation.createdAt).toISOString(),
    ...(operation.executedAt === undefined ? {} : { executedAt: new Date(operation.executedAt).toISOString() }),
  };
}

/** The execute reply of a non-card operation (`OperationResult`). */
export function operationResult(operation: Operation) {
  return {
    operationId: operation.id,
    transactionId: operation.transactionId,
    transactionReference: operation.transactionReference,
    amount: mad(operation.amount),
    feeAmount: mad(operation.fee),
    totalAmount: mad(operation.amount + operation.fee),
    operationStatus: operation.status,
  };
}

/** The preview reply (`OperationPreview`): nothing is recorded or moved. */
export function previewResult(amount: bigint, fee: bigint = NO_FEE) {
  return { amount: mad(amount), feeAmount: mad(fee), totalAmount: mad(amount + fee) };
}
