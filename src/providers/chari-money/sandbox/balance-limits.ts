import { ChariErrorCode } from '../../../../generated/chari-money/enums.js';
import { toMinorUnits } from '../../../core/money.js';
import { BALANCE_LIMITS_MAD, CURRENCY } from './documented-facts.js';
import { fail } from './errors.js';
import { madText, NO_FEE } from './ledger.js';
import type { Account } from './state.js';

/** The balance limit of a customer wallet in centimes (Account Levels); none for merchants at level 5 and agents. */
export function balanceLimit(account: Account): bigint | undefined {
  if (account.kind !== 'customer') return undefined;
  const limit = BALANCE_LIMITS_MAD[String(account.level)];
  return limit === undefined ? undefined : toMinorUnits(limit, CURRENCY);
}

export function exceedsLimit(account: Account, amount: bigint): boolean {
  const limit = balanceLimit(account);
  return limit !== undefined && account.balance + amount > limit;
}

/** Refuses a credit that would take a wallet above its level's balance limit. */
export function checkCredit(account: Account, amount: bigint): void {
  const limit = balanceLimit(account);
  if (limit !== undefined && account.balance + amount > limit) {
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Crediting ${madText(amount)} would take ${account.number} to ${madText(account.balance + amount)}, above the ${madText(limit)} balance limit of account level ${account.level}; upgrade the account first.`,
    );
  }
}

export function checkDebit(account: Account, amount: bigint): void {
  if (account.balance < amount) {
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `The balance of ${account.number} (${madText(account.balance)}) does not cover ${madText(amount)}.`,
    );
  }
}

/** Feasibility of moving `amount` (+ fee) from `debit` to `credit`, checked identically by preview and execute. */
export function checkMove(
  debit: Account | undefined,
  credit: Account | undefined,
  amount: bigint,
  fee: bigint = NO_FEE,
): void {
  if (debit) checkDebit(debit, amount + fee);
  if (credit) checkCredit(credit, amount);
}
