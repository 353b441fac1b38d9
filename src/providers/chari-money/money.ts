import type { components } from '../../../generated/chari-money/schema.js';
import spec from '../../../generated/chari-money/spec.js';
import {
  checkAmountAgainstSchema,
  type DecimalAmount,
  fromMinorUnits,
  minorUnitsToDecimalNumber,
  toMinorUnits,
} from '../../core/money.js';

/** Chari Money amounts are MAD: the spec's `Amount` says so in prose, and its bodies carry no currency field. */
const CURRENCY = 'MAD';

/**
 * Chari Money sends amounts as decimal JSON numbers in MAD (spec `Amount`): `toChariMoneyAmount("100.50")` → `100.5`,
 * exact for two decimals; `"10.001"` is refused, never rounded.
 */
export function toChariMoneyAmount(amount: DecimalAmount): components['schemas']['Amount'] {
  const wire = minorUnitsToDecimalNumber(toMinorUnits(amount, CURRENCY), CURRENCY);
  checkAmountAgainstSchema(wire, spec, '#/components/schemas/Amount', 'A Chari Money amount of');
  return wire;
}

/** `fromChariMoneyAmount(100.5)` → `"100.50"`; refuses float noise such as `0.1 + 0.2` instead of hiding it. */
export function fromChariMoneyAmount(amount: components['schemas']['Amount']): string {
  return fromMinorUnits(toMinorUnits(amount, CURRENCY), CURRENCY);
}
