import { randomInt } from 'node:crypto';
import { ChariErrorCode, OperationStatus, OperationType } from '../../../../generated/chari-money/enums.js';
import { checkCredit, checkDebit, checkMove } from './balance-limits.js';
import { CASH_REQUEST_LIFETIME_SECONDS, SIMULATED_NETWORK_NAME } from './documented-facts.js';
import { fail, ok } from './errors.js';
import { centimes, completeOperation, mad, openOperation, requireActiveCustomer, requireAgent } from './ledger.js';
import type { Account, ChariMoneyContext, ChariMoneyHandler, Operation } from './state.js';
import { emitOperationEvent } from './webhook-events.js';

type Body = Record<string, unknown>;
type CashType = typeof OperationType.CASHIN | typeof OperationType.CASHOUT;

const iso = (ms: number) => new Date(ms).toISOString();

/** A numeric reference ("CashIn/CashOut reference format is now numeric (e.g. 1122334455)"), unique in the sandbox. */
function newReference(ctx: ChariMoneyContext): string {
  for (;;) {
    const reference = String(randomInt(1_000_000_000, 10_000_000_000));
    if (!ctx.state.cashRequests.has(reference)) return reference;
  }
}

/** When a reference stops being executable ("a unique reference that expires over time"). */
const expiryOf = (operation: Operation): number =>
  operation.expiresAt ?? operation.createdAt + CASH_REQUEST_LIFETIME_SECONDS * 1000;

/** Requests a CashIn (wallet to be credited) or CashOut (wallet to be debited); checked now, and again at execution. */
function requestCash(ctx: ChariMoneyContext, type: CashType) {
  const { PhoneNumber, Amount } = ctx.body as Body;
  const customer = requireActiveCustomer(ctx.state, PhoneNumber);
  const amount = centimes(Amount);
  if (type === OperationType.CASHIN) checkCredit(customer.account, amount);
  else checkDebit(customer.account, amount);
  const reference = newReference(ctx);
  const operation = openOperation(ctx, {
    type,
    amount,
    primary: customer.phoneNumber,
    reference,
    expiresAt: ctx.clock.now() + CASH_REQUEST_LIFETIME_SECONDS * 1000,
    ...(type === OperationType.CASHIN ? { credit: customer.account } : { debit: customer.account }),
  });
  ctx.state.cashRequests.set(reference, operation);
  ctx.state.openCashRequests.add(operation);
  return ok({
    reference,
    operationType: type,
    operationStatus: operation.status,
    operationId: operation.id,
    amount: mad(amount),
    phoneNumber: customer.phoneNumber,
    expiresAt: iso(expiryOf(operation)),
  });
}

export const requestCashIn: ChariMoneyHandler = (ctx) => requestCash(ctx, OperationType.CASHIN);
export const requestCashOut: ChariMoneyHandler = (ctx) => requestCash(ctx, OperationType.CASHOUT);

function findRequest(ctx: ChariMoneyContext, type: CashType, reference: unknown): Operation {
  const operation = ctx.state.cashRequests.get(String(reference));
  if (operation?.type !== type)
    return fail(
      ChariErrorCode.NO_PENDING_REQUEST,
      `No Cash${type === OperationType.CASHIN ? 'In' : 'Out'} request has the reference ${String(reference)}.`,
    );
  return operation;
}

function details(operation: Operation) {
  return {
    type: operation.type,
    status: operation.status,
    reference: operation.reference,
    operationId: operation.id,
    amount: mad(operation.amount),
    phoneNumber: operation.primary,
    createdAt: iso(operation.createdAt),
    expiresAt: iso(expiryOf(operation)),
  };
}

export const getCashInRequest: ChariMoneyHandler = (ctx) =>
  ok(details(findRequest(ctx, OperationType.CASHIN, ctx.params.query.Reference)));
export const getCashOutRequest: ChariMoneyHandler = (ctx) =>
  ok(details(findRequest(ctx, OperationType.CASHOUT, ctx.params.query.Reference)));

/**
 * Executes a pending request: through an agent, whose float pays a CashIn and receives a CashOut, or through the
 * (simulated) network, whose money is outside the sandbox. Sends `cashin.network.executed` / `cashout.network.executed`.
 */
function execute(
  ctx: ChariMoneyContext,
  type: CashType,
  reference: unknown,
  by: { agent?: Account; method: string; networkName: string },
): Operation {
  const operation = findRequest(ctx, type, reference);
  if (operation.status !== OperationStatus.OPEN)
    fail(
      ChariErrorCode.NO_PENDING_REQUEST,
      `Request ${operation.reference} is no longer pending (status ${operation.status}).`,
    );
  const debit = by.agent && type === OperationType.CASHIN ? by.agent : operation.debit;
  const credit = by.agent && type === OperationType.CASHOUT ? by.agent : operation.credit;
  checkMove(debit, credit, operation.amount);
  Object.assign(operation, { debit, credit, secondary: by.agent?.number });
  operation.method = by.method;
  completeOperation(operation, ctx.clock.now());
  emitOperationEvent(
    ctx.webhooks,
    type === OperationType.CASHIN ? 'cashin.network.executed' : 'cashout.network.executed',
    operation,
    {
      NetworkName: by.networkName,
      Reference: operation.reference,
    },
  );
  return operation;
}

function byAgent(type: CashType): ChariMoneyHandler {
  return (ctx) => {
    const { Code, Reference } = ctx.body as Body;
    const agent = requireAgent(ctx.state, Code);
    const operation = execute(ctx, type, Reference, { agent: agent.account, method: 'Agent', networkName: agent.name });
    return ok({
      reference: operation.reference,
      operationId: operation.id,
      transactionId: operation.transactionId,
      operationType: type,
      operationStatus: operation.status,
      amount: mad(operation.amount),
      feeAmount: mad(operation.fee),
      executedAt: iso(operation.executedAt ?? ctx.clock.now()),
    });
  };
}

function byNetwork(type: CashType): ChariMoneyHandler {
  return (ctx) => {
    const operation = execute(ctx, type, (ctx.body as Body).reference, {
      method: 'Network',
      networkName: SIMULATED_NETWORK_NAME,
    });
    return ok({
      reference: operation.reference,
      operationId: operation.id,
      operationType: type,
      operationStatus: operation.status,
      networkName: SIMULATED_NETWORK_NAME,
    });
  };
}

export const executeCashInByReference = byAgent(OperationType.CASHIN);
export const executeCashOutByReference = byAgent(OperationType.CASHOUT);
export const simulateNetworkCashIn = byNetwork(OperationType.CASHIN);
export const simulateNetworkCashOut = byNetwork(OperationType.CASHOUT);

/** A reference not executed within its lifetime is canceled. */
export function expireCashRequests(ctx: ChariMoneyContext): void {
  const now = ctx.clock.now();
  for (const operation of ctx.state.openCashRequests) {
    if (operation.status !== OperationStatus.OPEN) ctx.state.openCashRequests.delete(operation);
    else if (expiryOf(operation) <= now) {
      operation.status = OperationStatus.CANCELED;
      ctx.state.openCashRequests.delete(operation);
    }
  }
}
