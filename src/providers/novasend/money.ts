import type { components } from '../../../generated/novasend/schema.js';
import spec from '../../../generated/novasend/spec.js';
import { checkAmountAgainstSchema, type DecimalAmount, toScaledInteger } from '../../core/money.js';

type PayinAmount = components['schemas']['CreatePayinSessionRequest']['amount'];

/**
 * Novasend takes whole units of the account's currency (spec `CreatePayinSessionRequest.amount`, e.g. 300 XOF):
 * `toNovasendAmount("300")` → `300`; `"300.00"` is 300 too, but `"300.50"` is refused, never rounded.
 */
export function toNovasendAmount(amount: DecimalAmount): PayinAmount {
  const whole = toScaledInteger(amount, 0, 'a Novasend amount in whole units');
  if (whole > BigInt(Number.MAX_SAFE_INTEGER))
    throw new TypeError(`${whole} is too large to send as a JSON number without losing precision.`);
  const wire = Number(whole);
  checkAmountAgainstSchema(
    wire,
    spec,
    '#/components/schemas/CreatePayinSessionRequest/properties/amount',
    'A Novasend amount of',
  );
  return wire;
}
