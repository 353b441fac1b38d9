import type { SandboxClock } from './clock.js';
import type { SandboxReply } from './types.js';

/** A provider's documented request limit and the headers that report it. */
export interface RateLimitPolicy {
  /** requests per window, per credential, when the sandbox is started without `rateLimit` */
  defaultLimit: number;
  windowSeconds: number;
  /** the lower-cased request header whose value identifies the caller (its credential) */
  keyHeader: string;
  remainingHeader: string;
  /** when the window resets, in Unix seconds */
  resetHeader: string;
  /** the provider's documented 429 */
  exceeded(): SandboxReply;
}

interface Window {
  startsAt: number;
  used: number;
}

/**
 * Fixed windows on the sandbox clock, one per credential (requests without one share a window), so a test can use
 * up the limit, see the documented 429, advance the clock past the reset and go on.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly policy: RateLimitPolicy,
    private readonly limit: number,
    private readonly clock: SandboxClock,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new RangeError(`The rate limit must be a whole number of requests of at least 1, not ${limit}.`);
  }

  /** Counts one request; the headers to send, and whether the request is over the limit. */
  take(credential: string): { headers: Record<string, string>; exceeded: boolean } {
    const now = this.clock.now();
    const windowMs = this.policy.windowSeconds * 1000;
    let window = this.windows.get(credential);
    if (!window || now >= window.startsAt + windowMs) {
      window = { startsAt: now, used: 0 };
      this.windows.set(credential, window);
    }
    const exceeded = window.used >= this.limit;
    if (!exceeded) window.used++;
    return {
      exceeded,
      headers: {
        [this.policy.remainingHeader]: String(this.limit - window.used),
        [this.policy.resetHeader]: String(Math.ceil((window.startsAt + windowMs) / 1000)),
      },
    };
  }

  clear(): void {
    this.windows.clear();
  }
}
