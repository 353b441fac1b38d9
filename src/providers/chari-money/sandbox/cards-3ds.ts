import { ChariErrorCode, OperationType } from '../../../../generated/chari-money/enums.js';
import { toScaledInteger } from '../../../core/money.js';
import { controlError } from '../../../core/sandbox/control-error.js';
import { randomHex } from '../../../core/sandbox/random.js';
import type { ControlRoute, SandboxReply } from '../../../core/sandbox/types.js';
import { checkCredit } from './balance-limits.js';
import { awaitsThreeDSecure, endThreeDSecure } from './card-3ds-outcome.js';
import { threeDSecurePageUrl } from './card-3ds-page.js';
import {
  AUTO_CAPTURE_DEFAULT,
  type ChariMoneyTestCard,
  CURRENCY,
  TEST_CARDS,
  THREE_D_SECURE_DEFAULT,
} from './documented-facts.js';
import { fail, ok } from './errors.js';
import {
  centimes,
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

/**
 * Opens the card operation and answers the 3-D Secure page to open (`CardPaymentRedirect`), a page of this sandbox.
 * With 3-D Secure off the card is charged at once and `redirectionURL` is already the return URL (inferred).
 */
function startChallenge(
  ctx: ChariMoneyContext,
  fields: Pick<Operation, 'type' | 'amount' | 'fee' | 'primary'> & { credit: Account },
  challenge: NonNullable<Operation['challenge']>,
  threeDSecure = true,
): SandboxReply {
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10).replaceAll('-', '');
  const gateway = {
    trackId: hex(4),
    orderId: `${day}_${String(ctx.state.sequences.operation + 1).slice(-5)}`,
    referenceId: hex(4),
  };
  const operation = openOperation(ctx, { ...fields, method: 'Card', gateway, challenge });
  const page = threeDSecurePageUrl(ctx.publicUrl, gateway.referenceId);
  const location = threeDSecure ? page : (endThreeDSecure(ctx, operation, null).location ?? page);
  return ok({ redirectionURL: location, operationId: operation.id });
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

/** A merchant payment by card's return URLs, notification URL, reference and capture mode, as the request gives them. */
function merchantOptions(body: Body): Partial<NonNullable<Operation['challenge']>> {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  const options = {
    acceptUrl: text('AcceptUrl'),
    declineUrl: text('DeclineUrl'),
    notificationUrl: text('NotificationUrl'),
    externalReference: text('ExternalReference'),
    authorizeOnly: ((body.AutoCapture as boolean | undefined) ?? AUTO_CAPTURE_DEFAULT) === false || undefined,
  };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/**
 * The merchant's options: its own return URLs, `NotificationUrl`, `ExternalReference`, `AutoCapture` (false: the
 * card is only authorized) and `3dSecure` (false: charged at once). `InternationalFeesPercent` does not apply to the
 * (domestic) test card.
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
      ...merchantOptions(body),
    },
    (body['3dSecure'] as boolean | undefined) ?? THREE_D_SECURE_DEFAULT,
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
 * The cardholder enters the 3-D Secure code (the JSON twin of the page's form): the test card's code completes the
 * operation (money credited, card saved when KeepAlive was set, card webhook sent), any other code fails it.
 */
export const completeThreeDSecure: ControlRoute<ChariMoneyState> = {
  operationId: 'completeChariMoneyThreeDSecure',
  handle: (ctx) => {
    const operation = ctx.state.operations.get(Number(ctx.params.id));
    if (!operation?.challenge)
      return controlError(404, 'not_found', `No Chari Money card operation ${ctx.params.id} in this sandbox.`);
    if (!awaitsThreeDSecure(operation))
      return controlError(
        409,
        'invalid_state',
        `Operation ${operation.id} already finished 3-D Secure (status ${operation.status}).`,
      );
    endThreeDSecure(ctx, operation, (ctx.body as { code: string }).code);
    return { status: 200, body: operationView(operation) };
  },
};
