import { ChariErrorCode } from '../../../../generated/chari-money/enums.js';
import { fail, ok } from './errors.js';
import { requireCustomer } from './ledger.js';
import { page } from './paging.js';
import type { ChariMoneyHandler, TokenizedCard } from './state.js';

/** The card network by IIN (ISO/IEC 7812): 4 Visa, 51-55 and 2221-2720 Mastercard. */
function schemeOf(pan: string): string {
  const two = Number(pan.slice(0, 2));
  const four = Number(pan.slice(0, 4));
  if (pan.startsWith('4')) return 'Visa';
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'Mastercard';
  return 'Other';
}

/** `TokenizedCard`: only the last 4 digits are shown, as in the spec's example. */
function cardView(card: TokenizedCard) {
  return {
    customerBankCardId: card.id,
    maskedPan: `${'*'.repeat(card.pan.length - 4)}${card.pan.slice(-4)}`,
    issuer: 'Sandbox Issuer',
    scheme: schemeOf(card.pan),
    cardName: card.cardName,
  };
}

/** Cards are saved for the phone number of the call that tokenized them (`KeepAlive = true`). */
export const listTokenizedCards: ChariMoneyHandler = ({ params, state }) => {
  const owner = requireCustomer(state, params.query.PhoneNumber).phoneNumber;
  return ok(
    page(
      [...state.cards.values()].filter((c) => c.owner === owner),
      params.query,
      cardView,
    ),
  );
};

export const getTokenizedCard: ChariMoneyHandler = ({ params, state }) => {
  const owner = requireCustomer(state, params.query.PhoneNumber).phoneNumber;
  const card = state.cards.get(Number(params.path.id));
  if (!card || card.owner !== owner)
    return fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `${owner} has no saved card ${String(params.path.id)}.`);
  return ok(cardView(card));
};
