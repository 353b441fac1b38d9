import { type CurrencyCode, type DecimalAmount, toMinorUnits, toScaledInteger } from '../../core/money.js';

/** An order line as AlyaPay reads it: a unit price and a quantity, both JSON numbers ("items[].quantity: number"). */
export interface PricedLine {
  price: DecimalAmount;
  quantity: DecimalAmount;
}

/**
 * Σ price × quantity, exactly: `scaled / 10^(exponent + quantityDecimals)` major units, where prices are read in
 * minor units and quantities with as many decimals as the widest of them carries (`1.5` kg → 1 decimal).
 */
export interface OrderSum {
  scaled: bigint;
  /** 10^quantityDecimals: how many times finer than a minor unit `scaled` counts */
  perMinorUnit: bigint;
}

/** How many decimals a quantity carries as written (`1.25` → 2); exponent notation is left to the parser to refuse. */
function decimalsOf(quantity: DecimalAmount): number {
  const text = String(quantity);
  const dot = text.indexOf('.');
  return dot === -1 || /e/i.test(text) ? 0 : text.length - dot - 1;
}

/** Throws a TypeError naming the line when a price or quantity is not an exact decimal in `currency`. */
export function orderSum(lines: readonly PricedLine[], currency: CurrencyCode): OrderSum {
  const quantityDecimals = Math.max(0, ...lines.map((line) => decimalsOf(line.quantity)));
  const scaled = lines.reduce(
    (sum, line) =>
      sum +
      toMinorUnits(line.price, currency) * toScaledInteger(line.quantity, quantityDecimals, 'an AlyaPay quantity'),
    0n,
  );
  return { scaled, perMinorUnit: 10n ** BigInt(quantityDecimals) };
}

/** The sum in minor units, or undefined when it falls between two (0.01 MAD × 0.5 is half a centime). */
export function sumInMinorUnits(sum: OrderSum): bigint | undefined {
  return sum.scaled % sum.perMinorUnit === 0n ? sum.scaled / sum.perMinorUnit : undefined;
}

/** Whether a declared total, in minor units, is exactly the sum. */
export function totalMatches(totalMinor: bigint, sum: OrderSum): boolean {
  return totalMinor * sum.perMinorUnit === sum.scaled;
}
