import type { Exchange } from '../exchange.js';
import { checkSecurity } from '../security.js';
import type { SandboxReply } from '../types.js';

/** Tenant/auth: the operation's security requirements, answered with the provider's 401 when unmet. */
export function authenticate<State>(x: Exchange<State>): SandboxReply | undefined {
  const { runtime, op } = x;
  const denied = checkSecurity(runtime.definition, op, x.ctx.params, runtime.credentials, x.ctx);
  if (denied) return runtime.definition.errors.unauthorized(denied.scheme, op, denied.reason);
  return undefined;
}
