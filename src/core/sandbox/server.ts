import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type IndexedOperation, OperationIndex } from '../operation-index.js';
import type { SandboxClock } from './clock.js';
import { type ControlAccess, controlAccess } from './control-access.js';
import { registerControlApi } from './control-api.js';
import { controlError } from './control-error.js';
import { journalRequest, restoreFromJournal, tapeFor } from './durable.js';
import { type Exchange, runStages, type Stage } from './exchange.js';
import { parseRequestTarget, queryObject, type RouteHandler, SandboxRouter } from './route.js';
import { recordInternalError, type SandboxRuntime, sandboxFault } from './runtime.js';
import { authenticate } from './stages/authenticate.js';
import { checkBody } from './stages/body.js';
import { runHandler } from './stages/handler.js';
import { idempotency } from './stages/idempotency.js';
import { checkParameters } from './stages/parameters.js';
import { rateLimit } from './stages/rate-limit.js';
import { checkReply } from './stages/response-check.js';
import { send } from './stages/send.js';
import { withTape } from './tape.js';
import { Tenancy } from './tenants.js';
import type { SandboxDefinition, SandboxOptions, SandboxReply } from './types.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

export { parseRequestTarget };

export interface RunningSandbox<State = unknown> {
  url: string;
  close(): Promise<void>;
  /** the default tenant's test clock and webhooks */
  clock: SandboxClock;
  webhooks: WebhookDispatcher;
  /** the default tenant's live state (the default credentials'), for in-process assertions */
  state(): State;
  /** how many tenants the sandbox holds (the default one, and one per test credential used) */
  tenantCount(): number;
  /** requests the sandbox could not process (a bug in the sandbox, never the caller's fault) */
  internalErrors: string[];
  /** replies that did not match the provider spec */
  responseViolations: string[];
  /** what the sandbox holds that grows with use, for memory checks */
  footprint(): { idempotencyKeys: number; rateLimitWindows: number };
}

const CONTROL_PREFIX = '/__sandbox';

/** The stages of an API request, in order; the last always answers. The response check and send follow. */
const API_STAGES: readonly Stage<unknown>[] = [
  authenticate,
  rateLimit,
  checkParameters,
  checkBody,
  idempotency,
  runHandler,
];

function newExchange<State>(
  runtime: SandboxRuntime<State>,
  op: IndexedOperation,
  req: IncomingMessage,
  url: URL,
  pathParams: Record<string, string | undefined>,
): Exchange<State> {
  const params = {
    path: { ...pathParams } as Record<string, unknown>,
    query: queryObject(url),
    header: { ...req.headers },
  };
  const { state, clock, webhooks, newId, publicUrl } = runtime;
  const ctx = { op, params, body: undefined, state, clock, webhooks, newId, publicUrl };
  const origin = req.headers.origin;
  return { req, url, op, runtime, ctx, replyHeaders: origin ? runtime.cors.replyHeaders(op, origin) : undefined };
}

/**
 * Starts timing a request for the request log of its tenant (the default tenant's until one is found); the returned
 * function records it once answered. Only references are kept (the parsed body, the reply text as sent), so
 * recording costs no serialization and no redaction.
 */
function startRequestLog<State>(
  tenant: () => SandboxRuntime<State>,
  op: IndexedOperation,
  req: IncomingMessage,
  url: URL,
) {
  const started = performance.now();
  const at = tenant().clock.now();
  return (status: number, requestBody: unknown, responseText: string): void => {
    const runtime = tenant();
    const sentId = op.requestIdHeader ? req.headers[op.requestIdHeader.toLowerCase()] : undefined;
    runtime.requests.record({
      method: req.method ?? 'GET',
      target: url.pathname + url.search,
      status,
      latencyMs: performance.now() - started,
      at,
      requestId: typeof sentId === 'string' && sentId.length > 0 ? sentId : undefined,
      requestBody,
      requestBytes: Number(req.headers['content-length'] ?? 0),
      responseText,
    });
  };
}

/**
 * One API operation: its stages, then the response check, then (with `--data`) the journal entry, then send. A
 * sandbox failure, a failed journal write included, is answered as one. The request runs with its own tape.
 */
function serveOperation<State>(tenancy: Tenancy<State>, op: IndexedOperation): RouteHandler {
  const runtime = tenancy.defaultTenant;
  return (req, res, pathParams, url) => {
    const head = req.method === 'HEAD';
    if (op.comingSoon) {
      const logged = startRequestLog(() => runtime, op, req, url);
      req.resume();
      const reply = runtime.definition.errors.routeNotFound(req.method ?? 'GET', op.path);
      return logged(reply.status, undefined, send(res, reply, head));
    }
    const tape = tapeFor(req);
    withTape(tape, () => {
      const x = newExchange(runtime, op, req, url, pathParams);
      const logged = startRequestLog(() => x.runtime, op, req, url);
      const answer = (reply: SandboxReply) => logged(reply.status, x.ctx.body, send(res, reply, head));
      const fail = (error: unknown) => {
        const fault = sandboxFault(runtime, op, op.operationId, error);
        answer({ ...fault, headers: { ...fault.headers, ...x.replyHeaders } });
      };
      runStages(API_STAGES as readonly Stage<State>[], x).then(
        (reply) => {
          x.idempotency?.settle(reply);
          if (!req.complete) req.resume();
          const checked = checkReply(x, reply);
          try {
            journalRequest(tenancy, req, url, tape);
          } catch (error) {
            return fail(error);
          }
          answer(checked);
        },
        (error: unknown) => {
          x.idempotency?.abandon();
          if (!req.complete) req.resume();
          try {
            journalRequest(tenancy, req, url, tape);
          } catch {
            // The sandbox fault below is answered either way.
          }
          fail(error);
        },
      );
    });
  };
}

/** `OPTIONS` on every path of the provider API: the CORS preflight, as the sandbox's policy answers it. */
function servePreflights<State>(runtime: SandboxRuntime<State>, router: SandboxRouter, ops: IndexedOperation[]): void {
  const byPath = new Map<string, Map<string, IndexedOperation>>();
  for (const op of ops) {
    const methods = byPath.get(op.path) ?? new Map<string, IndexedOperation>();
    methods.set(op.method.toUpperCase(), op);
    byPath.set(op.path, methods);
  }
  for (const [path, byMethod] of byPath) {
    if (byMethod.has('OPTIONS')) continue;
    router.on('OPTIONS', path, (req, res, _params, url) => {
      req.resume();
      const reply = runtime.cors.preflight(req, path, byMethod);
      send(res, reply ?? runtime.definition.errors.routeNotFound('OPTIONS', url.pathname));
    });
  }
}

function notFound<State>(
  runtime: SandboxRuntime<State>,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): void {
  req.resume();
  const method = req.method ?? 'GET';
  if (path.startsWith(`${CONTROL_PREFIX}/`)) {
    const message = `This ${runtime.definition.slug} sandbox has no control endpoint ${method} ${path}.`;
    send(res, controlError(404, 'not_supported', message), method === 'HEAD');
  } else send(res, runtime.definition.errors.routeNotFound(method, path), method === 'HEAD');
}

/** Listens on `host` (a free port unless `port` is given); resolves with the port. */
async function listen(server: Server, host: string, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Routes a request to its handler; no request may end the process, whatever fails on the synchronous path. */
function requestListener<State>(runtime: SandboxRuntime<State>, router: SandboxRouter) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const url = parseRequestTarget(req.url);
      const found = url && router.find(req.method ?? 'GET', url.pathname);
      if (found) found.handler(req, res, found.params, url);
      else notFound(runtime, req, res, url ? url.pathname : '(malformed request target)');
    } catch (error) {
      req.resume();
      const message = recordInternalError(runtime, `${req.method} ${req.url}`, error);
      if (res.headersSent) res.destroy();
      else send(res, controlError(500, 'sandbox_error', message));
    }
  };
}

/**
 * Starts a stateful sandbox: routes from the provider spec, then for each request the stages route → auth → rate
 * limit → parameters → body → idempotency → handler → response check → send, plus the `/__sandbox` control API
 * from its own spec. Every failure of the caller's making is answered in the provider's documented error format; a
 * failure of the sandbox's own is recorded in `internalErrors` and answered as a sandbox fault, never as the
 * caller's mistake, and never ends the process.
 */
export async function startSandboxServer<State>(
  definition: SandboxDefinition<State>,
  options: SandboxOptions = {},
): Promise<RunningSandbox<State>> {
  const tenancy = new Tenancy(definition, options);
  const runtime = tenancy.defaultTenant;
  const router = new SandboxRouter();
  const operations = new OperationIndex(definition.spec).operations;
  for (const op of operations) router.on(op.method, op.path, serveOperation(tenancy, op));
  servePreflights(runtime, router, operations);
  let access: ControlAccess | undefined;
  registerControlApi(router, tenancy, () => access as ControlAccess);

  const handle = requestListener(runtime, router);
  // With --data, requests wait while the journal is replayed (it needs the public URL, so it runs once listening).
  let restoring: Promise<void> | undefined;
  const server: Server = createServer((req, res) => {
    if (restoring) void restoring.then(() => handle(req, res));
    else handle(req, res);
  });
  // Longer than any client keeps an idle socket, so a reused connection is never closed under the client mid-request.
  server.keepAliveTimeout = 65_000;

  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, host, options.port);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  tenancy.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  access = controlAccess(host, port, runtime.publicUrl);
  const close = async () => {
    // Abandons deliveries in flight, so a hanging receiver cannot hold a shutdown.
    await tenancy.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    tenancy.journal?.close();
  };
  if (options.data !== undefined) {
    restoring = restoreFromJournal(tenancy, options.data, handle);
    await restoring.catch(async (error: unknown) => {
      await close();
      throw error;
    });
    restoring = undefined;
  }
  return {
    url,
    close,
    clock: runtime.clock,
    webhooks: runtime.webhooks,
    state: () => runtime.state,
    tenantCount: () => tenancy.size,
    internalErrors: runtime.internalErrors,
    responseViolations: runtime.responseViolations,
    footprint: () => ({ idempotencyKeys: runtime.idempotency.size, rateLimitWindows: runtime.limiter.size }),
  };
}
