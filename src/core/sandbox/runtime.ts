import type { IndexedOperation } from '../operation-index.js';
import type { SandboxClock } from './clock.js';
import { controlError } from './control-error.js';
import type { CorsPolicy } from './cors.js';
import type { IdempotencyCache } from './idempotency-cache.js';
import type { RateLimiter } from './rate-limit.js';
import type { RequestLog } from './request-log.js';
import type { Tenancy } from './tenants.js';
import type { ExpectedCredential, SandboxDefinition, SandboxReply } from './types.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/**
 * One tenant of a running sandbox, as the stages and control calls see it: its own state, clock, idempotency keys,
 * rate-limit windows, webhooks and request log, with the parts every tenant shares (definition, CORS policy, public
 * URL, the records of the sandbox's own failures).
 */
export interface SandboxRuntime<State> {
  readonly definition: SandboxDefinition<State>;
  readonly tenancy: Tenancy<State>;
  /** the tenant's name: its credentials as one string */
  readonly tenantKey: string;
  readonly clock: SandboxClock;
  readonly idempotency: IdempotencyCache;
  readonly limiter: RateLimiter;
  readonly cors: CorsPolicy;
  readonly webhooks: WebhookDispatcher;
  /** the provider-API requests answered, most recent first (`GET /__sandbox/requests`, the dashboard) */
  readonly requests: RequestLog;
  /** the credentials this tenant accepts, by security scheme */
  readonly credentials: Record<string, ExpectedCredential>;
  /** the base URL every URL the sandbox hands out starts with; never read from request headers */
  readonly publicUrl: string;
  state: State;
  readonly internalErrors: string[];
  readonly responseViolations: string[];
  newId(prefix: string): string;
}

/** Bounds the record of sandbox failures (they should never happen; a failing loop must not eat memory). */
const MAX_INTERNAL_ERRORS = 1000;

/** Records a failure of the sandbox itself; returns the message to answer it with. */
export function recordInternalError<State>(runtime: SandboxRuntime<State>, where: string, error: unknown): string {
  if (runtime.internalErrors.length < MAX_INTERNAL_ERRORS) {
    runtime.internalErrors.push(`${where}: ${(error as Error)?.stack ?? String(error)}`);
  }
  const cause = (error as Error)?.message ?? String(error);
  return `The sandbox failed on this request (${cause}). This is a bug in the paycontracts sandbox, not in your request: please report it.`;
}

/**
 * Answers a failure of the sandbox as one, never as the caller's mistake: in the provider's format with a 5xx where
 * it has a `sandboxFault` reply, else the control API's error body with 500.
 */
export function sandboxFault<State>(
  runtime: SandboxRuntime<State>,
  op: IndexedOperation | undefined,
  where: string,
  error: unknown,
): SandboxReply {
  const message = recordInternalError(runtime, where, error);
  return runtime.definition.errors.sandboxFault?.(op, message) ?? controlError(500, 'sandbox_error', message);
}
