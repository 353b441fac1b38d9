import type { Exchange } from '../exchange.js';
import { checkSecurity } from '../security.js';
import { TENANT_LIMIT_MESSAGE, tenantParts } from '../tenants.js';
import type { SandboxReply } from '../types.js';

/**
 * Tenant/auth: finds the request's tenant (named by its credential, created on first use), then checks the
 * operation's security requirements against what that tenant accepts, answered with the provider's 401 when unmet.
 */
export function authenticate<State>(x: Exchange<State>): SandboxReply | undefined {
  const { op } = x;
  const { definition, tenancy } = x.runtime;
  const tenant = tenancy.forRequest(op, x.ctx.params, x.ctx);
  if (tenant === 'full') {
    x.req.resume();
    const reply = definition.errors.rateLimited?.(op, 60) ?? {
      status: 429,
      body: { error: { code: 'too_many_tenants', message: TENANT_LIMIT_MESSAGE } },
    };
    return { ...reply, headers: { ...reply.headers, 'x-sandbox-refusal': TENANT_LIMIT_MESSAGE } };
  }
  if (tenant !== x.runtime) {
    x.runtime = tenant;
    Object.assign(x.ctx, tenantParts(tenant));
  }
  const denied = checkSecurity(definition, op, x.ctx.params, tenant.credentials, x.ctx);
  if (denied) return definition.errors.unauthorized(denied.scheme, op, denied.reason);
  return undefined;
}
