/**
 * The sandbox's test clock: real time plus an offset that `POST /__sandbox/clock/advance` moves forward.
 * Expiries, idempotency windows and webhook retries all read it, so hours of provider behaviour take no time.
 */
export class SandboxClock {
  private offsetMs = 0;
  private readonly listeners: ((now: number) => Promise<void> | void)[] = [];

  now(): number {
    return Date.now() + this.offsetMs;
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  onAdvance(listener: (now: number) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  async advance(seconds: number): Promise<void> {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a number ≥ 0.');
    this.offsetMs += seconds * 1000;
    for (const listener of this.listeners) await listener(this.now());
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
