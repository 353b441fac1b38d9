/** Counts a suite keeps while it runs, printed as one line at the end (the line BENCHMARKS.md copies). */
export class FuzzTally {
  private readonly counts = new Map<string, number>();

  add(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** `[reliability] negative-fuzz seed=… operations=… cases=…`, in the order the counts were first added. */
  line(suite: string, extra: Record<string, string | number> = {}): string {
    const fields = [...Object.entries(extra), ...this.counts.entries()].map(([k, v]) => `${k}=${v}`);
    return `[reliability] ${suite} ${fields.join(' ')}`;
  }
}
