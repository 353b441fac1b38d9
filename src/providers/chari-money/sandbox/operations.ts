import { ChariErrorCode, Sens } from '../../../../generated/chari-money/enums.js';
import { fail, ok } from './errors.js';
import { operationView, requireCustomer } from './ledger.js';
import { page, withinRange } from './paging.js';
import type { Account, ChariMoneyHandler, Operation } from './state.js';

type Query = Record<string, unknown>;

/** The account an operation is booked on in the partner's list: its primary account (the sender, or the wallet credited). */
function primaryAccount(operation: Operation): Account | undefined {
  return (
    [operation.debit, operation.credit].find((a) => a?.number === operation.primary) ??
    operation.credit ??
    operation.debit
  );
}

/** Newest first, filtered by every documented filter: OperationType (a list), TransactionStatus, Sens, From/To. */
function filtered(
  operations: Operation[],
  query: Query,
  bookedOn: (operation: Operation) => Account | undefined,
): Operation[] {
  const types = query.OperationType === undefined ? undefined : new Set([query.OperationType].flat().map(Number));
  return operations
    .filter((op) => {
      const sens = bookedOn(op) === op.debit ? Sens.DEBIT : Sens.CREDIT;
      return (
        (!types || types.has(op.type)) &&
        (query.TransactionStatus === undefined || op.status === Number(query.TransactionStatus)) &&
        (query.Sens === undefined || sens === Number(query.Sens)) &&
        withinRange(op.createdAt, query)
      );
    })
    .sort((a, b) => b.id - a.id);
}

const involves = (account: Account) => (op: Operation) => op.debit === account || op.credit === account;

export const listCustomerOperations: ChariMoneyHandler = ({ params, state }) => {
  const { account } = requireCustomer(state, params.query.PhoneNumber);
  const mine = [...state.operations.values()].filter(involves(account));
  return ok(
    page(
      filtered(mine, params.query, () => account),
      params.query,
      (op) => operationView(op, account),
    ),
  );
};

/**
 * "All (by Partner)": every operation made with the partner's API key, whatever the wallet. The document also
 * requires the customer's `PhoneNumber` without saying what it narrows: it must name a wallet (20005 otherwise), and
 * the partner's whole log is listed.
 */
export const listPartnerOperations: ChariMoneyHandler = ({ params, state }) => {
  requireCustomer(state, params.query.PhoneNumber);
  const all = [...state.operations.values()];
  return ok(
    page(filtered(all, params.query, primaryAccount), params.query, (op) => operationView(op, primaryAccount(op))),
  );
};

export const getOperation: ChariMoneyHandler = ({ params, state }) => {
  const customer = requireCustomer(state, params.query.PhoneNumber);
  const operation = state.operations.get(Number(params.path.id));
  if (!operation || !involves(customer.account)(operation))
    return fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `${customer.phoneNumber} has no operation ${String(params.path.id)}.`,
    );
  return ok(operationView(operation, customer.account));
};
