/**
 * Exact money: amounts are decimal strings, bigints or integers of minor units, parsed by string arithmetic and
 * never through binary floating point (`0.1 + 0.2` is not `0.3`). The exponents below are ISO 4217 facts, not
 * provider facts, which is why they live here and not in a spec.
 */
import { deref, type JsonObject, type OpenApiDocument, resolvePointer } from './openapi-document.js';

/** ISO 4217 minor-unit exponents of the currencies the five providers use. */
const CURRENCY_EXPONENTS = Object.freeze({ MAD: 2, EUR: 2, USD: 2, XOF: 0 });

export type CurrencyCode = keyof typeof CURRENCY_EXPONENTS;

/**
 * An amount in major units: a decimal string (`"1799.00"`), a bigint of whole units, or a number that is exactly
 * what you typed (`17.99`); a number carrying float noise such as `0.1 + 0.2` is refused, not rounded.
 */
export type DecimalAmount = string | number | bigint;

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** The ISO 4217 exponent of `currency`: 2 for MAD, EUR and USD, 0 for XOF. */
export function currencyExponent(currency: string): number {
  const exponent = (CURRENCY_EXPONENTS as Record<string, number>)[currency];
  if (exponent === undefined) {
    throw new TypeError(
      `Unsupported currency "${String(currency)}"; use one of ${Object.keys(CURRENCY_EXPONENTS).join(', ')} (ISO 4217, upper case).`,
    );
  }
  return exponent;
}

function decimalText(amount: DecimalAmount, exponent: number): string {
  if (typeof amount === 'bigint') return amount.toString();
  if (typeof amount === 'string') return amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    throw new TypeError(`Amount ${String(amount)} is not a finite amount; pass a decimal string such as "1799.00".`);
  }
  // Past this size a double no longer holds every minor unit, so the number may not be what the caller typed.
  if (Math.abs(amount) * 10 ** exponent > Number.MAX_SAFE_INTEGER) {
    throw new TypeError(
      `Amount ${amount} is too large to be exact as a JavaScript number; pass it as a string or bigint.`,
    );
  }
  return String(amount);
}

function notADecimal(text: string, exponent: number): TypeError {
  if (text.includes(','))
    return new TypeError(
      `"${text}" is not a decimal amount: use "." for decimals and no thousands separator, e.g. "1.5".`,
    );
  if (/e/i.test(text))
    return new TypeError(
      `"${text}" is not a decimal amount: exponent notation is not accepted; write the digits out, e.g. "1000".`,
    );
  const example = exponent > 0 ? `"1799.${'0'.repeat(exponent)}"` : '"300"';
  return new TypeError(
    `"${text}" is not a decimal amount; pass digits with an optional "-" and "." such as ${example}.`,
  );
}

/**
 * A decimal amount as an integer scaled by 10^decimals: `toScaledInteger("17.99", 2, "MAD")` → `1799n`. Trailing
 * zeros past `decimals` are fine (`"300.00"` in whole units is 300); any other extra digit is refused, never rounded.
 * `unit` names what the decimals belong to, for the error message.
 */
export function toScaledInteger(amount: DecimalAmount, decimals: number, unit: string): bigint {
  const text = decimalText(amount, decimals);
  const match = DECIMAL.exec(text);
  if (!match) throw notADecimal(text, decimals);
  const [, sign, whole, fraction = ''] = match;
  if (whole === undefined) throw notADecimal(text, decimals);
  if (/[^0]/.test(fraction.slice(decimals))) {
    throw new TypeError(
      `${text} has more decimals than ${unit} allows (${decimals}); round it explicitly before converting.`,
    );
  }
  const scaled = BigInt(whole + fraction.slice(0, decimals).padEnd(decimals, '0'));
  return sign === '-' ? -scaled : scaled;
}

/** `toMinorUnits("1799.00", "MAD")` → `179900n`; `toMinorUnits("300", "XOF")` → `300n`; `"10.001"` MAD is refused. */
export function toMinorUnits(amount: DecimalAmount, currency: CurrencyCode): bigint {
  return toScaledInteger(amount, currencyExponent(currency), currency);
}

/** `fromMinorUnits(179900, "MAD")` → `"1799.00"`; `fromMinorUnits(-7n, "EUR")` → `"-0.07"`; `fromMinorUnits(300, "XOF")` → `"300"`. */
export function fromMinorUnits(minor: number | bigint, currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) {
    throw new TypeError(
      `Minor units must be a whole number within ±2^53, got ${minor}; pass a bigint for larger amounts.`,
    );
  }
  if (typeof minor !== 'number' && typeof minor !== 'bigint')
    throw new TypeError(`Minor units must be a number or bigint, got ${typeof minor}.`);
  const value = BigInt(minor);
  const digits = (value < 0n ? -value : value).toString().padStart(exponent + 1, '0');
  const sign = value < 0n ? '-' : '';
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** A bigint of minor units as a JSON-safe number, or a clear error when it would lose precision. */
export function minorUnitsToNumber(minor: bigint, currency: CurrencyCode): number {
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new TypeError(
      `${fromMinorUnits(minor, currency)} ${currency} is too large to send as a JSON number without losing precision.`,
    );
  }
  return Number(minor);
}

/**
 * Minor units as a decimal JSON number in major units (`10050n` MAD → `100.5`), for APIs that put decimals on the
 * wire. Refused when the number would not print back as the same decimal, so what is sent stays exact.
 */
export function minorUnitsToDecimalNumber(minor: bigint, currency: CurrencyCode): number {
  const text = fromMinorUnits(minor, currency);
  const wire = Number(text);
  if (
    !Number.isFinite(wire) ||
    Math.abs(wire) * 10 ** currencyExponent(currency) > Number.MAX_SAFE_INTEGER ||
    toMinorUnits(wire, currency) !== minor
  ) {
    throw new TypeError(
      `${text} ${currency} has too many digits to travel exactly as a JSON number; split the amount.`,
    );
  }
  return wire;
}

/** A declared total that differs from the sum of its lines, as providers reject it (AlyaPay `AMOUNT_MISMATCH`). */
export class AmountMismatchError extends TypeError {
  constructor(
    readonly code: string,
    readonly declaredTotal: string,
    readonly computedTotal: string,
    readonly currency: CurrencyCode,
  ) {
    super(
      `The total ${declaredTotal} ${currency} does not equal the sum of the items (${computedTotal} ${currency}), which the API rejects as ${code}; send total "${computedTotal}" or fix the item prices.`,
    );
    this.name = 'AmountMismatchError';
  }
}

/**
 * Checks a wire value against the keywords of its spec schema that bound a number (`type: integer`, `minimum`,
 * `exclusiveMinimum`, `maximum`, `exclusiveMaximum`), so positivity and integrality are read from the spec.
 */
export function checkAmountAgainstSchema(value: number, doc: OpenApiDocument, pointer: string, label: string): void {
  const schema = deref<JsonObject>(doc, resolvePointer(doc, pointer));
  const broken =
    (schema.type === 'integer' && !Number.isInteger(value) && 'a whole number') ||
    (typeof schema.minimum === 'number' && value < schema.minimum && `at least ${schema.minimum}`) ||
    (typeof schema.exclusiveMinimum === 'number' &&
      value <= schema.exclusiveMinimum &&
      `greater than ${schema.exclusiveMinimum}`) ||
    (typeof schema.maximum === 'number' && value > schema.maximum && `at most ${schema.maximum}`) ||
    (typeof schema.exclusiveMaximum === 'number' &&
      value >= schema.exclusiveMaximum &&
      `less than ${schema.exclusiveMaximum}`);
  if (broken) throw new TypeError(`${label} ${value} is not accepted: the spec requires ${broken}.`);
}

/** Checks a currency against the `enum` of its spec schema. */
export function checkCurrencyAgainstSchema(
  currency: string,
  doc: OpenApiDocument,
  pointer: string,
  label: string,
): void {
  const schema = deref<JsonObject>(doc, resolvePointer(doc, pointer));
  if (Array.isArray(schema.enum) && !schema.enum.includes(currency)) {
    throw new TypeError(`${label} does not accept currency "${String(currency)}"; use ${schema.enum.join(', ')}.`);
  }
}
