import type { components } from '../../../generated/chari-money/schema.js';
import spec from '../../../generated/chari-money/spec.js';
import { checkAmountAgainstSchema, fromMinorUnits, toMinorUnits, type DecimalAmount } from '../../core/money.js';

/** Chari Money amounts are MAD; the spec's `Amount` says so in prose, and bodies carry no currency field. */
const CURRENCY = 'MAD';

/**
 * Chari Money sends amounts as decimal JSON numbers in MAD (spec `Amount`): `toChariMoneyAmount("100.50")` →
 * `100.5`. The number is checked to print back as the same decimal, so what goes on the wire is exact.
 */
export function toChariMoneyAmount(amount: DecimalAmount): components['schemas']['Amount'] {
  const minor = toMinorUnits(amount, CURRENCY);
  const text = fromMinorUnits(minor, CURRENCY);
  const wire = Number(text);
  if (toMinorUnits(wire, CURRENCY) !== minor) {
    throw new TypeError(`${text} MAD has too many digits to travel exactly as a JSON number; split the operation.`);
  }
  checkAmountAgainstSchema(wire, spec, '#/components/schemas/Amount', 'A Chari Money amount of');
  return wire;
}

/** `fromChariMoneyAmount(100.5)` → `"100.50"`; refuses float noise such as `0.1 + 0.2`. */
export function fromChariMoneyAmount(amount: components['schemas']['Amount']): string {
  return fromMinorUnits(toMinorUnits(amount, CURRENCY), CURRENCY);
}
