import type { Exchange } from '../exchange.js';
import { presentedCredentialKey } from '../security.js';
import type { SandboxReply } from '../types.js';

/** Answered when a provider documents a limit but no 429 reply of its own. */
function generic429(retryAfterSeconds: number): SandboxReply {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { error: { code: 'rate_limited', message: `Too many requests; retry in ${retryAfterSeconds} s.` } },
  };
}

/**
 * Rate limit: counts the request against the operation's documented limits (`x-rate-limit`), per credential or per
 * client address, after authentication. Every reply then reports the limit in the provider's headers.
 */
export function rateLimit<State>(x: Exchange<State>): SandboxReply | undefined {
  const { runtime, op, req } = x;
  const verdict = runtime.limiter.take(op, (scope) =>
    scope === 'ip' ? (req.socket.remoteAddress ?? '') : presentedCredentialKey(runtime.definition, op, x.ctx.params),
  );
  if (!verdict) return undefined;
  x.replyHeaders = verdict.headers;
  if (!verdict.exceeded) return undefined;
  req.resume();
  return (
    runtime.definition.errors.rateLimited?.(op, verdict.retryAfterSeconds) ?? generic429(verdict.retryAfterSeconds)
  );
}
