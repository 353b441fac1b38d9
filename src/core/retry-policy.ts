/**
 * When to retry and how long to wait: connection errors, timeouts, 408, 429 and 5xx; exponential backoff
 * from 0.5 s doubling to an 8 s cap with jitter, unless the server says when (Retry-After, X-RateLimit-Reset).
 */

export const DEFAULT_MAX_RETRIES = 2;
export const INITIAL_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 8_000;
/** A server-sent wait longer than this is not honoured; the call fails instead of hanging. */
export const MAX_SERVER_WAIT_MS = 60_000;

/** RFC 9110 §9.2.1: methods that only read, so sending one twice changes nothing. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** RFC 9110 §9.2.2: sending one of these twice has the effect of sending it once: the safe methods, PUT and DELETE. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([...SAFE_METHODS, 'PUT', 'DELETE']);

/**
 * Whether a call may be sent again after a failure: an idempotent method always may; a POST or PATCH only with the
 * provider's idempotency key, which makes the provider apply it once however often it arrives.
 */
export function isReplayable(method: string, hasIdempotencyKey: boolean): boolean {
  return hasIdempotencyKey || IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether to try again after attempt number `attempt` (0-based) ended in `outcome`: an answer with a retryable status,
 * or an Error (the attempt's transport failure: the connection or the attempt's timeout), on a replayable call that
 * has retries left.
 */
export function shouldRetry(
  outcome: { readonly status: number } | Error,
  attempt: number,
  policy: { maxRetries: number; replayable: boolean },
): boolean {
  if (!policy.replayable || attempt >= policy.maxRetries) return false;
  return outcome instanceof Error || isRetryableStatus(outcome.status);
}

/** Full backoff for attempt n (0-based retry number), with up to 25% jitter taken off. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_BACKOFF_MS * 2 ** retry, MAX_BACKOFF_MS);
  return Math.round(base * (1 - 0.25 * random()));
}

/** `Retry-After` as seconds or an HTTP date; `retry-after-ms`; `X-RateLimit-Reset` as epoch seconds or a delta. */
export function serverWaitMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const after = headers.get('retry-after');
  if (after) {
    const trimmed = after.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset && /^\d+(\.\d+)?$/.test(reset.trim())) {
    const value = Number(reset);
    // Epoch seconds are far larger than any sensible delta.
    return value > 1e9 ? Math.max(0, value * 1000 - now) : value * 1000;
  }
  return undefined;
}

/** How long to wait before retry number `retry`; undefined when the server asks for longer than we wait. */
export function retryDelayMs(retry: number, headers: Headers | undefined, random?: () => number): number | undefined {
  const server = headers ? serverWaitMs(headers) : undefined;
  if (server !== undefined) return server <= MAX_SERVER_WAIT_MS ? server : undefined;
  return backoffMs(retry, random);
}
