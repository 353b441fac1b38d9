import { AlyaPayErrorCode } from '../../../generated/alyapay/enums.js';
import type { components } from '../../../generated/alyapay/schema.js';
import { validators } from '../../../generated/alyapay/validators.js';
import {
  AmountMismatchError,
  type DecimalAmount,
  fromMinorUnits,
  minorUnitsToDecimalNumber,
  toMinorUnits,
} from '../../core/money.js';
import type { GeneratedValidator } from '../../core/validation.js';
import { describeValidationErrors } from '../../core/validation.js';
import { orderSum, sumInMinorUnits, totalMatches } from './order-total.js';

export type AlyaPaySessionRequest = components['schemas']['CreateSessionRequest'];
export type AlyaPayCurrency = AlyaPaySessionRequest['currency'];

/** One order line with its unit price as an exact decimal (`"1799.00"`, `1799n`), not a float. */
export interface AlyaPayOrderLine {
  id: string;
  name: string;
  price: DecimalAmount;
  /** a JSON number, fractional allowed (`1.5` kg) as AlyaPay types it */
  quantity: number;
}

function schemaValidator(name: string): GeneratedValidator {
  const check = validators.schemas[name];
  if (!check) throw new Error(`generated/alyapay has no validator for ${name}; run npm run build.`);
  return check;
}

/** The sum of the lines in minor units, or a TypeError when it is a fraction of a minor unit. */
function wholeSum(lines: readonly { price: DecimalAmount; quantity: number }[], currency: AlyaPayCurrency): bigint {
  const minor = sumInMinorUnits(orderSum(lines, currency));
  if (minor === undefined)
    throw new TypeError(
      `These ${currency} lines sum to a fraction of a centime (price × quantity); no total can match them, so adjust a price or quantity.`,
    );
  return minor;
}

/**
 * Builds a createSession body whose decimal-string `total` is the exact sum of `price × quantity`, computed in
 * minor units, and checks it against the spec schema (non-empty items, positive quantity, total format).
 */
export function buildAlyaPayOrder(
  currency: AlyaPayCurrency,
  lines: readonly AlyaPayOrderLine[],
): AlyaPaySessionRequest {
  const items = lines.map((line) => ({
    id: line.id,
    name: line.name,
    price: minorUnitsToDecimalNumber(toMinorUnits(line.price, currency), currency),
    quantity: line.quantity,
  }));
  const checkItem = schemaValidator('SessionItem');
  items.forEach((item, i) => {
    if (!checkItem(item))
      throw new TypeError(
        `AlyaPay order line ${i} (${item.id}) is not a valid item: ${describeValidationErrors(checkItem.errors)}. Fix it before sending.`,
      );
  });
  const body: AlyaPaySessionRequest = { total: fromMinorUnits(wholeSum(items, currency), currency), currency, items };
  const check = schemaValidator('CreateSessionRequest');
  if (!check(body)) {
    throw new TypeError(
      `This AlyaPay order (${items.length} lines, total ${body.total} ${currency}) is not a valid createSession body: ${describeValidationErrors(check.errors)}. AlyaPay needs at least one line and a positive total.`,
    );
  }
  return body;
}

/**
 * Throws `AmountMismatchError` (code `AMOUNT_MISMATCH`) when `total` differs from Σ `price × quantity`, the
 * consistency rule the spec states but JSON Schema cannot express. Prices and quantities are read exactly, never
 * multiplied as floats.
 */
export function checkAlyaPayOrder(body: AlyaPaySessionRequest): void {
  const { currency } = body;
  const declared = toMinorUnits(body.total, currency);
  const sum = orderSum(body.items, currency);
  if (totalMatches(declared, sum)) return;
  const computed = wholeSum(body.items, currency);
  throw new AmountMismatchError(
    AlyaPayErrorCode.AMOUNT_MISMATCH,
    fromMinorUnits(declared, currency),
    fromMinorUnits(computed, currency),
    currency,
  );
}
