/** Median and spread of repeated measurements; benchmarks report these, never a single run. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function spread(s: Summary, digits = 0): string {
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)}, n=${s.runs})`;
}

/** Runs each variant in turn, round after round (A B C A B C …), so drift on a noisy machine hits all alike. */
export async function alternate<T extends string>(
  variants: readonly T[],
  rounds: number,
  measure: (variant: T, round: number) => Promise<number>,
): Promise<Record<T, number[]>> {
  const out = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<T, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) out[variant].push(await measure(variant, round));
  }
  return out;
}
