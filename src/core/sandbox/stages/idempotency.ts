import type { JsonObject } from '../../openapi-document.js';
import { controlError } from '../control-error.js';
import type { Exchange } from '../exchange.js';
import type { SandboxReply } from '../types.js';

/**
 * How long a key is kept when its document gives no window (`x-idempotency-window-seconds`): 24 hours, the longest
 * window any of our providers documents. A sandbox retention choice, so memory follows live keys, not traffic.
 */
const UNDOCUMENTED_WINDOW_SECONDS = 24 * 3600;

/**
 * Idempotency: the same key and body replay the original reply (even while it is still being computed, so
 * concurrent duplicates create one resource); a different body is the provider's conflict. The key is scoped per
 * operation and path, or across operations where the spec says so (`x-idempotency-scope: key`).
 */
export function idempotency<State>(x: Exchange<State>): SandboxReply | Promise<SandboxReply> | undefined {
  const { runtime, op } = x;
  if (!op.idempotencyHeader) return undefined;
  const key = x.ctx.params.header[op.idempotencyHeader.toLowerCase()];
  if (typeof key !== 'string' || key.length === 0) return undefined;
  const param = op.parameters.find((p) => p.name === op.idempotencyHeader)?.raw ?? ({} as JsonObject);
  const request = op.operationId + JSON.stringify(x.ctx.params.path);
  const acrossOperations = param['x-idempotency-scope'] === 'key';
  const scope = acrossOperations ? '' : request;
  // Across operations, the operation is part of what the key names: the same key on another one is other data.
  const fingerprint = acrossOperations ? { request, body: x.ctx.body } : x.ctx.body;
  const cache = runtime.idempotency;
  const outcome = cache.check(scope, key, fingerprint);
  if (outcome.kind === 'replay') return outcome.reply;
  if (outcome.kind === 'conflict') {
    const { errors } = runtime.definition;
    const message = 'This idempotency key was already used with a different request body.';
    return errors.idempotencyConflict?.(op) ?? errors.invalidRequest(message, op);
  }
  // Remembered now, before any await, so a concurrent duplicate replays this very reply.
  let settle: (reply: SandboxReply) => void = () => {};
  const reply = new Promise<SandboxReply>((resolve) => {
    settle = resolve;
  });
  const windowSeconds = Number(param['x-idempotency-window-seconds'] ?? UNDOCUMENTED_WINDOW_SECONDS);
  cache.remember(scope, key, fingerprint, reply, windowSeconds);
  x.idempotency = {
    settle,
    abandon: () => {
      cache.forget(scope, key);
      // A concurrent duplicate waiting on this key gets the same answer as the original: a sandbox fault.
      const message = 'The original request with this idempotency key failed in the sandbox; this is a sandbox bug.';
      settle(runtime.definition.errors.sandboxFault?.(op, message) ?? controlError(500, 'sandbox_error', message));
    },
  };
  return undefined;
}
