import type { components } from '../../../generated/haloubi-gateway/schema.js';
import spec from '../../../generated/haloubi-gateway/spec.js';
import {
  checkAmountAgainstSchema,
  checkCurrencyAgainstSchema,
  type DecimalAmount,
  fromMinorUnits,
  minorUnitsToNumber,
  toMinorUnits,
} from '../../core/money.js';

export type HaloubiCurrency = components['schemas']['Currency'];

/** Haloubi sends amounts as integer cents (spec `AmountCents`): `toHaloubiAmount("99.99", "USD")` → `9999`. */
export function toHaloubiAmount(
  amount: DecimalAmount,
  currency: HaloubiCurrency,
): components['schemas']['AmountCents'] {
  checkCurrencyAgainstSchema(currency, spec, '#/components/schemas/Currency', 'Haloubi');
  const minor = minorUnitsToNumber(toMinorUnits(amount, currency), currency);
  checkAmountAgainstSchema(minor, spec, '#/components/schemas/AmountCents', 'A Haloubi amount in cents of');
  return minor;
}

/** `fromHaloubiAmount(9999, "USD")` → `"99.99"`. */
export function fromHaloubiAmount(amount: components['schemas']['AmountCents'], currency: HaloubiCurrency): string {
  return fromMinorUnits(amount, currency);
}
