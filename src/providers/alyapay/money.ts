import type { components } from '../../../generated/alyapay/schema.js';
import { validators } from '../../../generated/alyapay/validators.js';
import {
  AmountMismatchError,
  type DecimalAmount,
  fromMinorUnits,
  minorUnitsToDecimalNumber,
  toMinorUnits,
} from '../../core/money.js';
import { describeValidationErrors } from '../../core/validation.js';

export type AlyaPaySessionRequest = components['schemas']['CreateSessionRequest'];
export type AlyaPayCurrency = AlyaPaySessionRequest['currency'];
type AlyaPayErrorCode = components['schemas']['AlyaPayError']['error'];

/** One order line with its unit price as an exact decimal (`"1799.00"`, `1799n`), not a float. */
export interface AlyaPayOrderLine {
  id: string;
  name: string;
  price: DecimalAmount;
  quantity: number;
}

/** The code AlyaPay answers when `total` differs from Σ price × quantity (typed against the spec's error enum). */
const AMOUNT_MISMATCH: AlyaPayErrorCode = 'AMOUNT_MISMATCH';

/**
 * Builds a createSession body whose decimal-string `total` is the exact sum of `price × quantity`, computed in
 * minor units, and checks it against the spec schema (non-empty items, quantity ≥ 1, total format).
 */
export function buildAlyaPayOrder(
  currency: AlyaPayCurrency,
  lines: readonly AlyaPayOrderLine[],
): AlyaPaySessionRequest {
  let total = 0n;
  const items = lines.map((line) => {
    const price = toMinorUnits(line.price, currency);
    if (Number.isInteger(line.quantity)) total += price * BigInt(line.quantity);
    return { id: line.id, name: line.name, price: minorUnitsToDecimalNumber(price, currency), quantity: line.quantity };
  });
  const checkItem = validators.schemas.SessionItem!;
  items.forEach((item, i) => {
    if (!checkItem(item))
      throw new TypeError(
        `AlyaPay order line ${i} (${item.id}) is not a valid item: ${describeValidationErrors(checkItem.errors)}. Fix it before sending.`,
      );
  });
  const body: AlyaPaySessionRequest = { total: fromMinorUnits(total, currency), currency, items };
  const check = validators.schemas.CreateSessionRequest!;
  if (!check(body)) {
    throw new TypeError(
      `This AlyaPay order (${items.length} lines, total ${body.total} ${currency}) is not a valid createSession body: ${describeValidationErrors(check.errors)}. AlyaPay needs at least one line and a positive total.`,
    );
  }
  return body;
}

/**
 * Throws `AmountMismatchError` (code `AMOUNT_MISMATCH`) when `total` differs from Σ `price × quantity`, the
 * consistency rule the spec states but JSON Schema cannot express. Prices are read exactly, never summed as floats.
 */
export function checkAlyaPayOrder(body: AlyaPaySessionRequest): void {
  const { currency } = body;
  const declared = toMinorUnits(body.total, currency);
  const computed = body.items.reduce((sum, item) => {
    if (!Number.isSafeInteger(item.quantity))
      throw new TypeError(`Item ${item.id} has quantity ${item.quantity}; AlyaPay quantities are whole numbers.`);
    return sum + toMinorUnits(item.price, currency) * BigInt(item.quantity);
  }, 0n);
  if (declared !== computed) {
    throw new AmountMismatchError(
      AMOUNT_MISMATCH,
      fromMinorUnits(declared, currency),
      fromMinorUnits(computed, currency),
      currency,
    );
  }
}
