import { deref, type JsonObject, type OpenApiDocument } from '../openapi-document.js';
import type { IndexedOperation } from '../operation-index.js';
import type { SandboxClock } from './clock.js';

/** One documented limit of an operation (`x-rate-limit` entry, specs/README.md). */
export interface LimitPolicy {
  requests: number;
  windowSeconds: number;
  /** `credential`: per API key (merchant); `ip`: per client address */
  scope: 'credential' | 'ip';
}

/** The response headers the provider reports its limits in (`x-rate-limit-header` on a response header). */
export interface LimitHeaders {
  remaining?: string;
  reset?: string;
  limit?: string;
}

export interface LimitVerdict {
  exceeded: boolean;
  /** seconds until the tightest window resets */
  retryAfterSeconds: number;
  headers: Record<string, string>;
}

interface Window {
  endsAt: number;
  used: number;
}

interface OperationLimits {
  policies: LimitPolicy[];
  headers: LimitHeaders;
}

/** Reads an operation's `x-rate-limit` list and the headers its responses report the limit in. */
export function operationLimits(doc: OpenApiDocument, op: IndexedOperation): OperationLimits {
  const raw = op.raw['x-rate-limit'];
  const policies = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((entry) => {
    const e = entry as JsonObject;
    return { requests: Number(e.requests), windowSeconds: Number(e.windowSeconds), scope: e.scope } as LimitPolicy;
  });
  const headers: LimitHeaders = {};
  for (const response of op.responses) {
    for (const [name, node] of Object.entries(response.headers)) {
      const role = deref<JsonObject>(doc, node)['x-rate-limit-header'];
      if (role === 'remaining' || role === 'reset' || role === 'limit') headers[role] ??= name;
    }
  }
  return { policies, headers };
}

/** How many windows may pile up before expired ones are swept (memory follows live callers, not traffic). */
const SWEEP_EVERY = 1024;

/**
 * Fixed windows on the sandbox clock, one per documented limit and caller. Operations that declare the same limit
 * share its window, as a merchant-wide limit does. Counted after authentication, so a request with a bogus credential
 * never creates a window; expired windows are swept.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly byOperation = new Map<string, OperationLimits>();
  private sweepAt = SWEEP_EVERY;

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly clock: SandboxClock,
    private readonly override: number | false | undefined,
  ) {
    if (typeof override === 'number' && (!Number.isSafeInteger(override) || override < 1))
      throw new RangeError(`The rate limit must be a whole number of requests of at least 1, not ${override}.`);
  }

  limitsOf(op: IndexedOperation): OperationLimits {
    let limits = this.byOperation.get(op.operationId);
    if (!limits) {
      limits = this.override === false ? { policies: [], headers: {} } : operationLimits(this.doc, op);
      if (typeof this.override === 'number') {
        const requests = this.override;
        limits.policies = limits.policies.map((p) => ({ ...p, requests }));
      }
      this.byOperation.set(op.operationId, limits);
    }
    return limits;
  }

  /** Counts one request against every limit of the operation, unless one of them is already used up. */
  take(op: IndexedOperation, callerOf: (scope: LimitPolicy['scope']) => string): LimitVerdict | undefined {
    const { policies, headers } = this.limitsOf(op);
    if (policies.length === 0) return undefined;
    const now = this.clock.now();
    const windows = policies.map((policy) => this.window(policy, callerOf(policy.scope), now));
    const exceeded = windows.some((w, i) => w.used >= (policies[i] as LimitPolicy).requests);
    if (!exceeded) for (const w of windows) w.used++;
    // The tightest limit is the one reported: fewest requests left, then the latest reset.
    let tightest = 0;
    const left = (i: number) => (policies[i] as LimitPolicy).requests - (windows[i] as Window).used;
    for (let i = 1; i < windows.length; i++) if (left(i) < left(tightest)) tightest = i;
    const window = windows[tightest] as Window;
    const out: Record<string, string> = {};
    if (headers.remaining) out[headers.remaining] = String(Math.max(0, left(tightest)));
    if (headers.reset) out[headers.reset] = String(Math.ceil(window.endsAt / 1000));
    if (headers.limit) out[headers.limit] = String((policies[tightest] as LimitPolicy).requests);
    return { exceeded, retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)), headers: out };
  }

  private window(policy: LimitPolicy, caller: string, now: number): Window {
    const key = `${policy.requests}/${policy.windowSeconds}/${policy.scope}\u0000${caller}`;
    let window = this.windows.get(key);
    if (!window || now >= window.endsAt) {
      if (this.windows.size >= this.sweepAt) this.sweep(now);
      window = { endsAt: now + policy.windowSeconds * 1000, used: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  /** Drops every window that has ended. */
  sweep(now = this.clock.now()): void {
    for (const [key, window] of this.windows) if (now >= window.endsAt) this.windows.delete(key);
    this.sweepAt = Math.max(SWEEP_EVERY, this.windows.size * 2);
  }

  /** windows held now (for the memory tests) */
  get size(): number {
    return this.windows.size;
  }

  clear(): void {
    this.windows.clear();
    this.sweepAt = SWEEP_EVERY;
  }
}
