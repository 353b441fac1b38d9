import { ConnectionError, type PaymentApiError, TimeoutError } from '../errors.js';
import type { PreparedRequest } from './prepare.js';

/**
 * The running attempt's timeout. One timer at a time, cleared as soon as the attempt or the whole call is over:
 * `AbortSignal.timeout` would keep every call's timer alive for the full timeout, thousands of them under load.
 */
export class AttemptTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Starts the next attempt's timer (clearing the previous one); its signal aborts with a `TimeoutError`. */
  start(timeoutMs: number): AbortSignal {
    this.clear();
    const controller = new AbortController();
    this.timer = setTimeout(
      () => controller.abort(new DOMException(`The attempt took longer than ${timeoutMs} ms.`, 'TimeoutError')),
      timeoutMs,
    );
    return controller.signal;
  }

  clear(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** How an attempt goes out: the URL and the RequestInit of a fetch. */
export type Transport = (url: URL, init: RequestInit) => Promise<Response>;

/**
 * The transport for the `fetch` option. An injected fetch receives the `Request` it is documented to receive; the
 * default passes the parts straight to `fetch`, which would otherwise build a second `Request` from ours and pipe the
 * body through a stream to copy it (the profile's largest item of our own overhead after the timeout signal).
 */
export function transportFor(fetch?: (request: Request) => Promise<Response>): Transport {
  if (fetch) return (url, init) => fetch(new Request(url, init));
  return (url, init) => globalThis.fetch(url, init);
}

/** Where an attempt went, for its error: the call and the credential values to scrub. */
export interface AttemptTarget {
  provider: string;
  method: string;
  path: string;
  requestId?: string;
  secrets: readonly string[];
}

/** A failed attempt as the error a caller handles: its own timeout, or anything else the transport threw. */
export function transportFailure(
  error: unknown,
  timedOut: boolean,
  target: AttemptTarget,
  attempt: number,
  timeoutMs: number,
): PaymentApiError {
  const { provider, method, path } = target;
  const details = { ...target, retries: attempt, cause: error };
  if (timedOut) {
    return new TimeoutError(
      'timeout',
      `${provider} did not answer ${method} ${path} within ${timeoutMs} ms (attempt ${attempt + 1}).`,
      details,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ConnectionError('connection', `Could not reach ${provider} for ${method} ${path}: ${reason}.`, details);
}

export interface Attempt {
  transport: Transport;
  request: PreparedRequest;
  target: AttemptTarget;
  /** 0-based */
  attempt: number;
  timeoutMs: number;
  /** the caller's own signal: its abort ends the call as it is, never as a timeout or a retry */
  signal?: AbortSignal;
}

/**
 * Sends one attempt under its own timeout. Resolves to the answer, whatever its status, or to the transport failure
 * as a `TimeoutError` or `ConnectionError`; rejects only with the caller's own abort reason.
 */
export async function sendAttempt(attempt: Attempt, timer: AttemptTimer): Promise<Response | PaymentApiError> {
  const timeout = timer.start(attempt.timeoutMs);
  const signal = attempt.signal ? AbortSignal.any([attempt.signal, timeout]) : timeout;
  const { url, method, headers, body, init } = attempt.request;
  try {
    return await attempt.transport(url, { ...init, method, headers, body, signal });
  } catch (error) {
    if (attempt.signal?.aborted) throw attempt.signal.reason;
    return transportFailure(error, timeout.aborted, attempt.target, attempt.attempt, attempt.timeoutMs);
  }
}

/** Waits before a retry; the caller's abort ends the wait with its reason. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
