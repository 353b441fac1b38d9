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
  // Read once, and only if a limit is per credential (Haloubi's two payment limits share the same key).
  let credential: string | undefined;
  const verdict = runtime.limiter.take(op, (scope) => {
    if (scope === 'ip') return req.socket.remoteAddress ?? '';
    credential ??= presentedCredentialKey(runtime.definition, op, x.ctx.params);
    return credential;
  });
  if (!verdict) return undefined;
  x.replyHeaders = x.replyHeaders ? { ...x.replyHeaders, ...verdict.headers } : verdict.headers;
  if (!verdict.exceeded) return undefined;
  req.resume();
  return (
    runtime.definition.errors.rateLimited?.(op, verdict.retryAfterSeconds) ?? generic429(verdict.retryAfterSeconds)
  );
}
