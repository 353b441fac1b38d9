/**
 * The control operations that show what a sandbox did and holds: the request log, the resources, webhook resend,
 * and the dashboard page over all of them (sandbox-control spec).
 */
import type { JsonObject } from '../openapi-document.js';
import { ClockAdvanceError } from './clock.js';
import { controlError } from './control-error.js';
import { renderDashboard } from './pages/dashboard.js';
import { seeOther } from './pages/html.js';
import { credentialTexts, RequestLogQueryError } from './request-log.js';
import { ResourceCursorError, resourceDetail, resourcePage } from './resources.js';
import type { SandboxRuntime } from './runtime.js';
import type { ControlContext, SandboxReply } from './types.js';

/** A control operation's handler, by operationId: the built-ins and what they observe. */
export type ControlHandler<State> = (
  ctx: ControlContext<State>,
  runtime: SandboxRuntime<State>,
) => SandboxReply | Promise<SandboxReply>;

/** Items per page when the caller names no `limit` (the spec's default), and the most a page holds. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** The `limit` query parameter of a paged control list, or why it is refused. */
export function pageLimit(raw: string | undefined): number | SandboxReply {
  const limit = raw === undefined ? DEFAULT_PAGE : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    return controlError(400, 'invalid_request', `limit must be a whole number from 1 to ${MAX_PAGE}.`);
  return limit;
}

/** A query the log or the resource list cannot read answers 400 with its message; anything else is a fault. */
function asBadRequest(error: unknown): SandboxReply {
  if (error instanceof RequestLogQueryError || error instanceof ResourceCursorError)
    return controlError(400, 'invalid_request', error.message);
  throw error;
}

export function observeControl<State>(): Record<string, ControlHandler<State>> {
  return {
    listSandboxRequests: ({ params }, runtime) => {
      const limit = pageLimit(params.limit);
      if (typeof limit !== 'number') return limit;
      try {
        const { status, path, cursor } = params;
        return { status: 200, body: runtime.requests.page({ status, path, cursor, limit }) };
      } catch (error) {
        return asBadRequest(error);
      }
    },
    listSandboxResources: ({ params }, runtime) => {
      const limit = pageLimit(params.limit);
      if (typeof limit !== 'number') return limit;
      const all = runtime.definition.resources?.(runtime.state) ?? [];
      try {
        return {
          status: 200,
          body: resourcePage(all, { kind: params.kind, cursor: params.cursor, limit }, runtime.publicUrl),
        };
      } catch (error) {
        return asBadRequest(error);
      }
    },
    getSandboxResource: ({ params }, runtime) => {
      const { kind = '', id = '' } = params;
      const all = runtime.definition.resources?.(runtime.state) ?? [];
      const found = resourceDetail(all, kind, id, credentialTexts(runtime.credentials));
      return found
        ? { status: 200, body: found }
        : controlError(404, 'not_found', `This ${runtime.definition.slug} sandbox holds no ${kind} with id ${id}.`);
    },
    resendSandboxWebhook: ({ params, body }, runtime) => {
      const delivery = runtime.webhooks.resend(params.id ?? '');
      if (!delivery)
        return controlError(
          404,
          'not_found',
          `No delivery ${params.id} in the webhook log (it keeps the most recent settled ones); list them with GET /__sandbox/webhooks.`,
        );
      const fromDashboard = (body as { return_to?: string } | undefined)?.return_to === 'dashboard';
      return fromDashboard ? seeOther(`${runtime.publicUrl}/__sandbox#webhooks`) : { status: 200, body: delivery };
    },
    showSandboxDashboard: ({ params }, runtime) => renderDashboard(runtime, params),
    advanceSandboxClockFromDashboard: async ({ body }, runtime) => {
      try {
        await runtime.clock.advance(Number((body as JsonObject).seconds));
      } catch (error) {
        if (error instanceof ClockAdvanceError) return renderDashboard(runtime, {}, error.message);
        throw error;
      }
      return renderDashboard(runtime, {});
    },
  };
}
