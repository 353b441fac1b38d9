import type { Exchange } from '../exchange.js';
import type { SandboxReply } from '../types.js';

/** Handler: the provider's behaviour for the operation. The last stage; it always answers. */
export function runHandler<State>(x: Exchange<State>): SandboxReply | Promise<SandboxReply> {
  const { runtime, op, req, url } = x;
  const handler = runtime.definition.handlers[op.operationId];
  if (!handler) return runtime.definition.errors.routeNotFound(req.method ?? 'GET', url.pathname);
  return handler(x.ctx);
}
