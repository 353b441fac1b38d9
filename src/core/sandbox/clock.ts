import { drawn } from './tape.js';

/**
 * How far ahead of real time the sandbox clock may run: 100 years, far past any documented expiry, retry schedule
 * or card validity, and far inside what a JavaScript Date can hold. The sandbox-control spec states the same bound
 * (`advanceSandboxClock`).
 */
export const MAX_CLOCK_AHEAD_SECONDS = 100 * 365.25 * 24 * 3600;

/** A clock advance the sandbox refuses; nothing was applied. */
export class ClockAdvanceError extends RangeError {}

/**
 * The sandbox's test clock: real time plus an offset that `POST /__sandbox/clock/advance` moves forward.
 * Expiries, idempotency windows and webhook retries all read it, so hours of provider behaviour take no time.
 */
export class SandboxClock {
  private offsetMs = 0;
  private lastIsoMs = Number.NaN;
  private lastIso = '';
  private readonly listeners: ((now: number) => Promise<void> | void)[] = [];
  /** runs each advance (a durable sandbox journals one made in-process, outside any request) */
  around?: (seconds: number, advance: () => Promise<void>) => Promise<void>;

  /** The sandbox time; a durable sandbox records it as read, so a replay reads the same, whatever the offset then. */
  now(): number {
    return drawn(() => Date.now() + this.offsetMs);
  }

  /**
   * A sandbox time (by default now) as ISO 8601. Many requests fall in the same millisecond, so the last one is
   * reused.
   */
  iso(now = this.now()): string {
    if (now !== this.lastIsoMs) {
      this.lastIsoMs = now;
      this.lastIso = new Date(now).toISOString();
    }
    return this.lastIso;
  }

  /** seconds the clock runs ahead of real time */
  get aheadSeconds(): number {
    return this.offsetMs / 1000;
  }

  onAdvance(listener: (now: number) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  /**
   * Moves the clock forward and runs what became due. The resulting time is checked, not only the step (advances add
   * up), and a refused advance changes nothing.
   */
  async advance(seconds: number): Promise<void> {
    return this.around ? this.around(seconds, () => this.advanceBy(seconds)) : this.advanceBy(seconds);
  }

  private async advanceBy(seconds: number): Promise<void> {
    if (!Number.isFinite(seconds) || seconds < 0) throw new ClockAdvanceError('seconds must be a number ≥ 0.');
    const offsetMs = this.offsetMs + seconds * 1000;
    if (offsetMs / 1000 > MAX_CLOCK_AHEAD_SECONDS) {
      const left = Math.floor(MAX_CLOCK_AHEAD_SECONDS - this.offsetMs / 1000);
      throw new ClockAdvanceError(
        `The sandbox clock may run at most 100 years (${MAX_CLOCK_AHEAD_SECONDS} s) ahead of real time; it is ${Math.floor(this.aheadSeconds)} s ahead, so advance at most ${left} s, or reset the sandbox.`,
      );
    }
    this.offsetMs = offsetMs;
    for (const listener of this.listeners) await listener(this.now());
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
