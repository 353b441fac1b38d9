import { ChariErrorCode, OperationStatus, OperationType } from '../../../../generated/chari-money/enums.js';
import { toScaledInteger } from '../../../core/money.js';
import { controlError } from '../../../core/sandbox/control-error.js';
import { randomHex } from '../../../core/sandbox/random.js';
import type { ControlRoute, SandboxReply } from '../../../core/sandbox/types.js';
import { checkCredit, exceedsLimit } from './balance-limits.js';
import { type ChariMoneyTestCard, CURRENCY, SANDBOX_HOST, TEST_CARDS } from './documented-facts.js';
import { fail, ok } from './errors.js';
import {
  centimes,
  completeOperation,
  failOperation,
  openOperation,
  operationView,
  previewResult,
  requireActiveCustomer,
  requireAgent,
  requireMerchant,
} from './ledger.js';
import type {
  Account,
  ChariMoneyContext,
  ChariMoneyHandler,
  ChariMoneyState,
  Operation,
  TokenizedCard,
} from './state.js';
import { emitOperationEvent } from './webhook-events.js';

type Body = Record<string, unknown>;

const declined = (why: string): never =>
  fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `The card was declined: ${why}`);

/**
 * Chari Money sandbox: only the documented test card is accepted, with its CVV and either its documented expiry
 * ("08/26", `x-test-cards` `expiry`), at any date, or any expiry that is not past ("or any future date"); any other
 * card is declined before 3-D Secure.
 */
function acceptedCard(ctx: ChariMoneyContext, pan: string, cvv: unknown, expiry?: unknown): ChariMoneyTestCard {
  const card = TEST_CARDS.find((c) => c.number === pan && c.outcome === 'success');
  if (!card) return declined(`only the sandbox test card ${TEST_CARDS[0]?.number} is accepted.`);
  if (cvv !== card.cvv) declined('the CVV does not match the card.');
  if (expiry !== undefined && expiry !== card.expiry) {
    const now = new Date(ctx.clock.now());
    const current = (now.getUTCFullYear() % 100) * 100 + now.getUTCMonth() + 1;
    if (Number(expiry) < current)
      declined(`the card expired (ExpiryDate ${String(expiry)}, YYMM); use ${card.expiry} or a future date.`);
  }
  return card;
}

function checkCurrency(currency: unknown): void {
  if (currency !== undefined && currency !== CURRENCY)
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Currency ${String(currency)} is not supported; Chari Money wallets hold ${CURRENCY}.`,
    );
}

const hex = randomHex;

/** Opens the card operation and answers the 3-D Secure page to open (`CardPaymentRedirect`). */
function startChallenge(
  ctx: ChariMoneyContext,
  fields: Pick<Operation, 'type' | 'amount' | 'fee' | 'primary'> & { credit: Account },
  challenge: Operation['challenge'],
): SandboxReply {
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10).replaceAll('-', '');
  const gateway = {
    trackId: hex(4),
    orderId: `${day}_${String(ctx.state.sequences.operation + 1).slice(-5)}`,
    referenceId: hex(4),
  };
  const operation = openOperation(ctx, { ...fields, method: 'Card', gateway, challenge });
  return ok({ redirectionURL: `${SANDBOX_HOST}/3ds/authenticate/${gateway.referenceId}`, operationId: operation.id });
}

function savedCard(state: ChariMoneyState, id: unknown, owner: string): TokenizedCard {
  const card = state.cards.get(Number(id));
  if (!card || card.owner !== owner)
    return fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `${owner} has no saved card ${String(id)}.`);
  return card;
}

/** "Fees percent applied to the payer": the payer's card is charged the amount plus this share of it. */
function payerFee(amount: bigint, percent: unknown): bigint {
  if (percent === undefined) return 0n;
  let hundredths: bigint;
  try {
    hundredths = toScaledInteger(percent as number, 2, 'FeesPercent');
  } catch (error) {
    return fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `FeesPercent ${String(percent)}: ${(error as Error).message}`,
    );
  }
  // Rounded half up to the centime.
  return (amount * hundredths + 5000n) / 10000n;
}

// Card cash-in by phone: the customer's wallet is credited after 3-D Secure.
export const previewCardCashIn: ChariMoneyHandler = ({ params, body, state }) => {
  const customer = requireActiveCustomer(state, params.query.PhoneNumber);
  const amount = centimes((body as Body).Amount);
  checkCredit(customer.account, amount);
  return ok(previewResult(amount));
};

export const executeCardCashIn: ChariMoneyHandler = (ctx) => {
  const body = ctx.body as Body;
  const customer = requireActiveCustomer(ctx.state, ctx.params.query.PhoneNumber);
  const amount = centimes(body.Amount);
  checkCurrency(body.Currency);
  acceptedCard(ctx, String(body.Pan), body.Cvv, body.ExpiryDate);
  checkCredit(customer.account, amount);
  return startChallenge(
    ctx,
    { type: OperationType.CASHIN, amount, fee: 0n, primary: customer.phoneNumber, credit: customer.account },
    {
      pan: String(body.Pan),
      keepAlive: body.KeepAlive === true,
      cardName: body.CardName as string | undefined,
      owner: customer.phoneNumber,
    },
  );
};

export const executeCardCashInWithSavedCard: ChariMoneyHandler = (ctx) => {
  const body = ctx.body as Body;
  const customer = requireActiveCustomer(ctx.state, ctx.params.query.PhoneNumber);
  const card = savedCard(ctx.state, ctx.params.path.cardId, customer.phoneNumber);
  const amount = centimes(body.Amount);
  acceptedCard(ctx, card.pan, body.Cvv);
  checkCredit(customer.account, amount);
  return startChallenge(
    ctx,
    { type: OperationType.CASHIN, amount, fee: 0n, primary: customer.phoneNumber, credit: customer.account },
    { pan: card.pan, keepAlive: false, owner: customer.phoneNumber },
  );
};

// Card cash-in by agent: the agent loads its own float from a card.
export const previewAgentCardCashIn: ChariMoneyHandler = ({ params, body, state }) => {
  const agent = requireAgent(state, params.query.code);
  const amount = centimes((body as Body).Amount);
  checkCredit(agent.account, amount);
  return ok(previewResult(amount));
};

export const executeAgentCardCashIn: ChariMoneyHandler = (ctx) => {
  const body = ctx.body as Body;
  const agent = requireAgent(ctx.state, ctx.params.query.agent);
  const amount = centimes(body.Amount);
  checkCurrency(body.Currency);
  acceptedCard(ctx, String(body.Pan), body.Cvv, body.ExpiryDate);
  return startChallenge(
    ctx,
    { type: OperationType.CASHIN, amount, fee: 0n, primary: agent.account.number, credit: agent.account },
    {
      pan: String(body.Pan),
      keepAlive: body.KeepAlive === true,
      cardName: body.CardName as string | undefined,
      owner: agent.account.number,
    },
  );
};

// Merchant payment by card (card to wallet): the merchant's wallet is credited after 3-D Secure.
export const previewMerchantCardPayment: ChariMoneyHandler = ({ params, body, state }) => {
  const merchant = requireMerchant(state, params.query.PhoneNumber);
  const amount = centimes((body as Body).Amount);
  checkCredit(merchant.account, amount);
  return ok(previewResult(amount));
};

/**
 * The document does not describe a payment with `3dSecure: false`, so the sandbox always runs the challenge;
 * `InternationalFeesPercent` does not apply to the (domestic) test card.
 */
export const executeMerchantCardPayment: ChariMoneyHandler = (ctx) => {
  const body = ctx.body as Body;
  const merchant = requireMerchant(ctx.state, ctx.params.query.PhoneNumber);
  const amount = centimes(body.Amount);
  checkCurrency(body.Currency);
  acceptedCard(ctx, String(body.Pan), body.Cvv, body.ExpiryDate);
  checkCredit(merchant.account, amount);
  const fee = payerFee(amount, body.FeesPercent);
  // Cards tokenized for a merchant are charged later through the merchant ("Pay Merchant via a previously tokenized card").
  return startChallenge(
    ctx,
    { type: OperationType.CARD_PAYMENT, amount, fee, primary: merchant.phoneNumber, credit: merchant.account },
    {
      pan: String(body.Pan),
      keepAlive: body.KeepAlive === true,
      cardName: body.CardName as string | undefined,
      owner: merchant.phoneNumber,
    },
  );
};

export const executeMerchantTokenizedCardPayment: ChariMoneyHandler = (ctx) => {
  const body = ctx.body as Body;
  const merchant = requireMerchant(ctx.state, ctx.params.query.PhoneNumber);
  const card = savedCard(ctx.state, ctx.params.path.cardId, merchant.phoneNumber);
  const amount = centimes(body.Amount);
  acceptedCard(ctx, card.pan, body.Cvv);
  checkCredit(merchant.account, amount);
  return startChallenge(
    ctx,
    { type: OperationType.CARD_PAYMENT, amount, fee: 0n, primary: merchant.phoneNumber, credit: merchant.account },
    { pan: card.pan, keepAlive: false, owner: merchant.phoneNumber },
  );
};

/**
 * The cardholder enters the 3-D Secure code: the test card's code completes the operation (money credited, card
 * saved when KeepAlive was set, card webhook sent), any other code fails it.
 */
export const completeThreeDSecure: ControlRoute<ChariMoneyState> = {
  operationId: 'completeChariMoneyThreeDSecure',
  handle: ({ params, body, state, clock, webhooks }) => {
    const operation = state.operations.get(Number(params.id));
    if (!operation?.challenge)
      return controlError(404, 'not_found', `No Chari Money card operation ${params.id} in this sandbox.`);
    if (operation.status !== OperationStatus.OPEN)
      return controlError(
        409,
        'invalid_state',
        `Operation ${operation.id} is already final (status ${operation.status}).`,
      );
    const challenge = operation.challenge;
    const card = TEST_CARDS.find((c) => c.number === challenge.pan);
    const now = clock.now();
    // The balance may have moved since the operation was opened; a credit past the level's limit fails it.
    if (
      (body as { code: string }).code !== card?.threeDSecureCode ||
      (operation.credit !== undefined && exceedsLimit(operation.credit, operation.amount))
    ) {
      failOperation(operation, now);
      return { status: 200, body: operationView(operation) };
    }
    completeOperation(operation, now);
    if (challenge.keepAlive) {
      state.sequences.card += 1;
      state.cards.set(state.sequences.card, {
        id: state.sequences.card,
        owner: challenge.owner,
        pan: challenge.pan,
        cardName: challenge.cardName ?? null,
      });
    }
    if (operation.type === OperationType.CASHIN) {
      emitOperationEvent(webhooks, 'cashin.card.authorized', operation);
    } else {
      emitOperationEvent(webhooks, 'payment.card.authorized', operation);
      emitOperationEvent(webhooks, 'payment.received', operation);
    }
    return { status: 200, body: operationView(operation) };
  },
};
