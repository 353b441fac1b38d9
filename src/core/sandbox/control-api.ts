import type { IncomingMessage } from 'node:http';
import controlSpec from '../../../generated/sandbox-control/spec.js';
import { validators as controlValidators } from '../../../generated/sandbox-control/validators.js';
import type { JsonObject } from '../openapi-document.js';
import { type IndexedOperation, OperationIndex } from '../operation-index.js';
import { redactText } from '../redact.js';
import { describeValidationErrors } from '../validation.js';
import { ClockAdvanceError } from './clock.js';
import { type ControlAccess, refuseControlCall } from './control-access.js';
import { controlError } from './control-error.js';
import { type ControlHandler, observeControl, pageLimit } from './control-observe.js';
import { isReplayed, journalRequest, tapeFor } from './durable.js';
import { RequestBodyError, readBody } from './request-body.js';
import { queryObject, type SandboxRouter } from './route.js';
import { recordInternalError, type SandboxRuntime } from './runtime.js';
import { send } from './stages/send.js';
import { withTape } from './tape.js';
import { TENANT_LIMIT_MESSAGE, TEST_CREDENTIAL_PREFIX, type Tenancy, tenantParts } from './tenants.js';
import type { SandboxReply } from './types.js';

/** Puts one tenant back as new: no resources, keys, windows, webhooks or requests, its clock at real time. */
function resetTenant<State>(runtime: SandboxRuntime<State>): void {
  runtime.state = runtime.definition.initialState();
  runtime.idempotency.clear();
  runtime.limiter.clear();
  runtime.webhooks.clear();
  runtime.requests.clear();
  runtime.clock.reset();
  runtime.tenancy.forgetIds(runtime);
}

/** The control operations every sandbox has, by operationId in the sandbox-control spec. */
function builtInControl<State>(): Record<string, ControlHandler<State>> {
  return {
    ...observeControl<State>(),
    sandboxHealth: (_ctx, runtime) => ({
      status: 200,
      body: { status: 'ok', provider: runtime.definition.slug, now: runtime.clock.iso() },
    }),
    resetSandbox: (_ctx, runtime) => {
      resetTenant(runtime);
      return { status: 200, body: { reset: true } };
    },
    resetAllSandboxTenants: (_ctx, runtime) => {
      const tenants = runtime.tenancy.size;
      runtime.tenancy.resetAll(resetTenant);
      return { status: 200, body: { reset: true, tenants } };
    },
    setSandboxWebhookEndpoint: (ctx, runtime) => {
      const url = (ctx.body as { url?: string | null } | undefined)?.url;
      if (url === undefined)
        return controlError(400, 'invalid_request', 'Send {"url": "https://…"}, or {"url": null} for the default.');
      runtime.webhooks.setEndpoint(url ?? undefined);
      const current = runtime.webhooks.endpoint;
      return { status: 200, body: { url: current === undefined ? null : redactText(current) } };
    },
    listSandboxWebhooks: async (ctx, runtime) => {
      await runtime.webhooks.settle();
      const { event, cursor } = ctx.params;
      const limit = pageLimit(ctx.params.limit);
      if (typeof limit !== 'number') return limit;
      try {
        return { status: 200, body: runtime.webhooks.page({ event, cursor, limit }) };
      } catch (error) {
        if (error instanceof RangeError) return controlError(400, 'invalid_request', error.message);
        throw error;
      }
    },
    advanceSandboxClock: async (ctx, runtime) => {
      try {
        await runtime.clock.advance(Number((ctx.body as JsonObject).seconds));
      } catch (error) {
        if (error instanceof ClockAdvanceError) return controlError(400, 'invalid_request', error.message);
        throw error;
      }
      return { status: 200, body: { now: runtime.clock.iso() } };
    },
  };
}

async function controlBody(req: IncomingMessage, op: IndexedOperation): Promise<unknown> {
  const body = await readBody(req, op);
  const check = controlValidators.requests[op.operationId];
  // An optional body left out is not checked (a resend called with no form).
  if (op.requestBody && body !== undefined && check && !check(body)) {
    throw new RequestBodyError(`Invalid body: ${describeValidationErrors(check.errors)}.`);
  }
  return body;
}

/**
 * Registers the control API: every operation of the sandbox-control spec that this sandbox implements (the
 * built-ins, and the provider's own customer actions), at the spec's method and path. Calls are guarded first.
 */
export function registerControlApi<State>(
  router: SandboxRouter,
  tenancy: Tenancy<State>,
  access: () => ControlAccess,
): void {
  const builtIns = builtInControl<State>();
  const own = new Map((tenancy.definition.control ?? []).map((route) => [route.operationId, route]));
  // Off loopback, a control call presents a credential that names a tenant.
  const presentsTenantCredential = (header: Record<string, unknown>) => {
    const named = tenancy.forCredential(header);
    return named !== undefined && named !== 'invalid';
  };
  for (const op of new OperationIndex(controlSpec).operations) {
    const route = own.get(op.operationId);
    const handle: ControlHandler<State> | undefined = route ? (ctx) => route.handle(ctx) : builtIns[op.operationId];
    if (!handle) continue;
    // A call that may change state (not a GET) is journaled before its reply, as an API request is (`--data`).
    const changesState = op.method.toUpperCase() !== 'GET';
    router.on(op.method, op.path, (req, res, pathParams, url) => {
      const tape = tapeFor(req);
      withTape(tape, () => {
        const head = req.method === 'HEAD';
        const refused = isReplayed(req) ? undefined : refuseControlCall(presentsTenantCredential, access(), req, op);
        const runtime = refused ? tenancy.defaultTenant : tenancy.forControl(req.headers, Object.values(pathParams));
        if (refused || typeof runtime === 'string') {
          req.resume();
          return send(res, refused ?? tenantRefusal(runtime as 'full' | 'invalid'), head);
        }
        const run = async (): Promise<SandboxReply> => {
          let body: unknown;
          try {
            body = await controlBody(req, op);
          } catch (error) {
            if (error instanceof RequestBodyError) return controlError(400, 'invalid_request', error.message);
            throw error;
          }
          const params = { ...queryObject(url), ...pathParams } as Record<string, string>;
          const reply = await handle({ params, body, ...tenantParts(runtime) }, runtime);
          if (changesState) journalRequest(tenancy, req, url, tape);
          return reply;
        };
        run().then(
          (reply) => send(res, reply, head),
          (error: unknown) => send(res, controlFault(runtime, op, error), head),
        );
      });
    });
  }
}

function tenantRefusal(why: 'full' | 'invalid'): SandboxReply {
  return why === 'full'
    ? controlError(429, 'too_many_tenants', TENANT_LIMIT_MESSAGE)
    : controlError(
        401,
        'unauthorized',
        `This credential names no tenant of this sandbox: a tenant's credential starts with ${TEST_CREDENTIAL_PREFIX} (send none to act on the default tenant).`,
      );
}

function controlFault<State>(runtime: SandboxRuntime<State>, op: IndexedOperation, error: unknown): SandboxReply {
  return controlError(500, 'sandbox_error', recordInternalError(runtime, `control ${op.operationId}`, error));
}
