import { ChariErrorCode, OperationType } from '../../../../generated/chari-money/enums.js';
import { randomHex } from '../../../core/sandbox/random.js';
import { checkMove } from './balance-limits.js';
import { linkedBeneficiary, requireBeneficiary, requirePartnerBeneficiary } from './beneficiaries.js';
import { fail, ok } from './errors.js';
import {
  centimes,
  completeOperation,
  openOperation,
  operationResult,
  previewResult,
  requireActiveCustomer,
  requireAgent,
} from './ledger.js';
import type { Account, ChariMoneyContext, ChariMoneyHandler, ChariMoneyState } from './state.js';
import { emitOperationEvent } from './webhook-events.js';

type Body = Record<string, unknown>;

/** A wallet-to-wallet transfer: both wallets active, not to oneself, within the sender's balance and the recipient's limit. */
function plannedTransfer({ body, state }: ChariMoneyContext) {
  const { CustomerPhoneNumber, RecipientPhoneNumber, Amount, BeneficiaryId } = body as Body;
  const sender = requireActiveCustomer(state, CustomerPhoneNumber);
  const recipient = requireActiveCustomer(state, RecipientPhoneNumber);
  if (sender === recipient)
    fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, 'The sender and the recipient are the same wallet.');
  linkedBeneficiary(state, sender.phoneNumber, BeneficiaryId, recipient.phoneNumber);
  const amount = centimes(Amount);
  checkMove(sender.account, recipient.account, amount);
  return { sender, recipient, amount };
}

export const previewTransfer: ChariMoneyHandler = (ctx) => ok(previewResult(plannedTransfer(ctx).amount));

export const executeTransfer: ChariMoneyHandler = (ctx) => {
  const { sender, recipient, amount } = plannedTransfer(ctx);
  const operation = openOperation(ctx, {
    type: OperationType.TRANSFER,
    amount,
    debit: sender.account,
    credit: recipient.account,
    primary: sender.phoneNumber,
    secondary: recipient.phoneNumber,
  });
  completeOperation(operation, ctx.clock.now());
  emitOperationEvent(ctx.webhooks, 'transfer.received', operation);
  return ok(operationResult(operation));
};

/** The wallet of this sandbox a RIB belongs to, if any: money sent there stays within Chari. */
function walletWithRib(state: ChariMoneyState, rib: string): Account | undefined {
  const accounts = [
    ...[...state.customers.values()].map((c) => c.account),
    ...[...state.agents.values()].map((a) => a.account),
    state.principal.account,
  ];
  return accounts.find((a) => a.rib === rib);
}

/**
 * A bank transfer: paid by a customer or an agent (one or the other, the schema enforces it) to a saved
 * beneficiary's RIB or to `Rib` + `BeneficiaryName`.
 */
function plannedBankTransfer({ body, state }: ChariMoneyContext) {
  const { CustomerPhoneNumber, AgentCode, Amount } = body as Body;
  const payer =
    CustomerPhoneNumber !== undefined
      ? requireActiveCustomer(state, CustomerPhoneNumber).account
      : requireAgent(state, AgentCode).account;
  const { rib, name } = destination(state, payer, body as Body);
  const internal = walletWithRib(state, rib);
  if (internal === payer) fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, "The RIB is the paying wallet's own.");
  const amount = centimes(Amount);
  checkMove(payer, internal, amount);
  return { payer, internal, amount, name, rib };
}

/**
 * The account paid: `Rib` + `BeneficiaryName`, or a saved beneficiary's. A customer pays one of its own beneficiaries;
 * an agent, which has none of its own, any beneficiary the partner saved (spec `BeneficiaryId`, inferred).
 */
function destination(state: ChariMoneyState, payer: Account, body: Body): { rib: string; name: string } {
  const { BeneficiaryId, BeneficiaryName, Rib } = body;
  if (BeneficiaryId === undefined) return { rib: String(Rib), name: String(BeneficiaryName) };
  const beneficiary =
    payer.kind === 'customer'
      ? requireBeneficiary(state, payer.number, BeneficiaryId)
      : requirePartnerBeneficiary(state, BeneficiaryId);
  const rib = (Rib as string | undefined) ?? beneficiary.rib;
  if (!rib)
    return fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Beneficiary ${beneficiary.id} has no RIB; add one or send Rib + BeneficiaryName.`,
    );
  return { rib, name: (BeneficiaryName as string | undefined) ?? beneficiary.name };
}

export const previewBankTransfer: ChariMoneyHandler = (ctx) => ok(previewResult(plannedBankTransfer(ctx).amount));

/**
 * `bank-transfer.initiated` when sent, then `bank-transfer.completed` once settled; the sandbox settles at once, so the
 * reply still shows the operation OPEN as sent. A RIB of a Chari wallet is credited (`bank-transfer.received`).
 */
export const executeBankTransfer: ChariMoneyHandler = (ctx) => {
  const { payer, internal, amount, name } = plannedBankTransfer(ctx);
  const operation = openOperation(ctx, {
    type: OperationType.BANK_TRANSFER,
    amount,
    debit: payer,
    credit: internal,
    primary: payer.number,
    secondary: internal?.number,
    method: 'BankTransfer',
    beneficiaryName: name,
    reference: `BANK-REF-${randomHex(4).toUpperCase().slice(0, 6)}`,
  });
  const sent = operationResult(operation);
  emitOperationEvent(ctx.webhooks, 'bank-transfer.initiated', operation);
  completeOperation(operation, ctx.clock.now());
  emitOperationEvent(ctx.webhooks, 'bank-transfer.completed', operation);
  if (internal) emitOperationEvent(ctx.webhooks, 'bank-transfer.received', operation);
  return ok(sent);
};
