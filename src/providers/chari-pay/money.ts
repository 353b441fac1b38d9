import type { components } from '../../../generated/chari-pay/schema.js';
import spec from '../../../generated/chari-pay/spec.js';
import {
  checkAmountAgainstSchema,
  checkCurrencyAgainstSchema,
  type DecimalAmount,
  fromMinorUnits,
  minorUnitsToNumber,
  toMinorUnits,
} from '../../core/money.js';

export type ChariPayCurrency = components['schemas']['Currency'];

/** Chari Pay sends amounts as integer centimes (spec `Amount`): `toChariPayAmount("150.00", "MAD")` → `15000`. */
export function toChariPayAmount(amount: DecimalAmount, currency: ChariPayCurrency): components['schemas']['Amount'] {
  checkCurrencyAgainstSchema(currency, spec, '#/components/schemas/Currency', 'Chari Pay');
  const minor = minorUnitsToNumber(toMinorUnits(amount, currency), currency);
  checkAmountAgainstSchema(minor, spec, '#/components/schemas/Amount', 'A Chari Pay amount in centimes of');
  return minor;
}

/** `fromChariPayAmount(15000, "MAD")` → `"150.00"`. */
export function fromChariPayAmount(amount: components['schemas']['Amount'], currency: ChariPayCurrency): string {
  return fromMinorUnits(amount, currency);
}
