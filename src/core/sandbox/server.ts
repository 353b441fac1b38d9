import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import FindMyWay from 'find-my-way';
import controlSpec from '../../../generated/sandbox-control/spec.js';
import { validators as controlValidators } from '../../../generated/sandbox-control/validators.js';
import type { JsonObject } from '../openapi-document.js';
import { type IndexedOperation, OperationIndex } from '../operation-index.js';
import { describeValidationErrors } from '../validation.js';
import { SandboxClock } from './clock.js';
import { IdempotencyCache } from './idempotency-cache.js';
import { malformedNumber } from './parameter-text.js';
import { randomHex } from './random.js';
import { RateLimiter } from './rate-limit.js';
import { RequestBodyError, readBody } from './request-body.js';
import { checkSecurity } from './security.js';
import type {
  ControlRoute,
  ExpectedCredential,
  SandboxContext,
  SandboxDefinition,
  SandboxOptions,
  SandboxReply,
} from './types.js';
import { retryScheduleOf, WebhookDispatcher } from './webhook-dispatcher.js';

export interface RunningSandbox<State = unknown> {
  url: string;
  close(): Promise<void>;
  clock: SandboxClock;
  webhooks: WebhookDispatcher;
  /** the live state, for in-process assertions */
  state(): State;
  /** requests the sandbox could not process (a bug in the sandbox, never the caller's fault) */
  internalErrors: string[];
  /** replies that did not match the provider spec */
  responseViolations: string[];
}

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string | undefined>,
  url: URL,
) => void;

const CONTROL_PREFIX = '/__sandbox';

function send(res: ServerResponse, reply: SandboxReply): void {
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.body !== undefined) headers['content-type'] ??= 'application/json';
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  res.end(body);
}

function controlError(status: number, code: string, message: string): SandboxReply {
  return { status, body: { error: { code, message } } };
}

function queryObject(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/**
 * The request target as a URL, or undefined when it cannot be one (`//a:b`, `http://[`, `http://%zz/`). Only the path
 * and query are kept: an absolute-form target's host is never trusted.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  const raw = target ?? '/';
  if (!raw.startsWith('/')) {
    const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
    return parsed ? new URL(`${parsed.pathname}${parsed.search}`, 'http://sandbox') : undefined;
  }
  // Prefixed, not resolved against a base: `//host/...` would otherwise be read as a host; here it is a path.
  return URL.canParse(`http://sandbox${raw}`) ? new URL(`http://sandbox${raw}`) : undefined;
}

/** `{id}` → `:id`, the router's syntax. */
function routePath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/**
 * Starts a stateful sandbox: routes from the provider spec, auth, parameter and body validation with the generated
 * validators, idempotency, request-id echo, the provider's handlers, webhooks and the `/__sandbox` control API.
 * Every failure of the caller's making is answered in the provider's own documented error format, never a 5xx.
 */
export async function startSandboxServer<State>(
  definition: SandboxDefinition<State>,
  options: SandboxOptions = {},
): Promise<RunningSandbox<State>> {
  const index = new OperationIndex(definition.spec);
  const clock = new SandboxClock();
  const idempotency = new IdempotencyCache(clock);
  const credentials: Record<string, ExpectedCredential> = {
    ...definition.defaultCredentials,
    ...(options.credentials ?? {}),
  };
  const webhookSecret = options.webhookSecret ?? definition.defaultWebhookSecret;
  const webhooks = new WebhookDispatcher({
    url: options.webhookUrl,
    secret: webhookSecret,
    schedule: retryScheduleOf(definition.spec),
    clock,
    sign: definition.signWebhook,
    fetch: options.fetch ?? globalThis.fetch,
  });
  let state = definition.initialState();
  const internalErrors: string[] = [];
  const responseViolations: string[] = [];
  const newId = (prefix: string) => `${prefix}${randomHex(12)}`;
  // After the due webhook retries (the dispatcher listens first), so deliveries this emits start on the new time.
  clock.onAdvance(() => definition.onClockAdvance?.({ state, clock, webhooks, newId }));

  if (options.rateLimit !== undefined && !definition.rateLimit) {
    throw new RangeError(`${definition.slug} documents no rate limit, so its sandbox takes no rateLimit option.`);
  }
  const limiter = definition.rateLimit
    ? new RateLimiter(definition.rateLimit, options.rateLimit ?? definition.rateLimit.defaultLimit, clock)
    : undefined;

  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });
  const knownPaths = new Set<string>();

  const finish = (op: IndexedOperation, reqHeaders: IncomingMessage['headers'], reply: SandboxReply): SandboxReply => {
    const headers = { ...(reply.headers ?? {}) };
    if (op.requestIdHeader) {
      const sent = reqHeaders[op.requestIdHeader.toLowerCase()];
      headers[op.requestIdHeader] = typeof sent === 'string' && sent.length > 0 ? sent : randomUUID();
    }
    const status = String(reply.status);
    const check = definition.validators.responses[op.operationId]?.[status];
    const documented = op.responses.some((r) => r.status === status);
    if (!documented) responseViolations.push(`${op.operationId}: undocumented status ${status}`);
    else if (check && !check(reply.body))
      responseViolations.push(`${op.operationId} ${status}: ${describeValidationErrors(check.errors)}`);
    return { ...reply, headers };
  };

  const handleOperation = async (
    op: IndexedOperation,
    req: IncomingMessage,
    pathParams: Record<string, string | undefined>,
    url: URL,
  ): Promise<SandboxReply> => {
    const params = {
      path: { ...pathParams } as Record<string, unknown>,
      query: queryObject(url),
      header: { ...req.headers } as Record<string, unknown>,
    };
    const ctx: SandboxContext<State> = { op, params, body: undefined, state, clock, webhooks, newId };

    const denied = checkSecurity(definition, op, params, credentials, ctx);
    if (denied) return definition.errors.unauthorized(denied.scheme, op, denied.reason);

    const notANumber = malformedNumber(definition.spec, op, params);
    if (notANumber)
      return definition.errors.invalidRequest(
        `Invalid parameter: ${describeValidationErrors([notANumber])}, written in decimal.`,
        op,
        notANumber,
        [notANumber],
      );
    const checkParams = definition.parameterValidators[op.operationId];
    if (checkParams && !checkParams(params)) {
      return definition.errors.invalidRequest(
        `Invalid parameter: ${describeValidationErrors(checkParams.errors)}.`,
        op,
        checkParams.errors?.[0],
        checkParams.errors ?? [],
      );
    }

    try {
      ctx.body = await readBody(req, op);
    } catch (error) {
      if (error instanceof RequestBodyError) return definition.errors.invalidRequest(error.message, op);
      throw error;
    }
    const checkBody = definition.validators.requests[op.operationId];
    if (op.requestBody && ctx.body !== undefined && checkBody && !checkBody(ctx.body)) {
      return definition.errors.invalidRequest(
        `Invalid request body: ${describeValidationErrors(checkBody.errors)}.`,
        op,
        checkBody.errors?.[0],
        checkBody.errors ?? [],
      );
    }

    const handler = definition.handlers[op.operationId];
    if (!handler) return definition.errors.routeNotFound(req.method ?? 'GET', url.pathname);
    const run = async () => handler(ctx);

    const key = op.idempotencyHeader ? params.header[op.idempotencyHeader.toLowerCase()] : undefined;
    if (typeof key === 'string' && key.length > 0) {
      const scope = op.operationId + JSON.stringify(params.path);
      const outcome = idempotency.check(scope, key, ctx.body);
      if (outcome.kind === 'replay') return outcome.reply;
      if (outcome.kind === 'conflict') {
        return (
          definition.errors.idempotencyConflict?.(op) ??
          definition.errors.invalidRequest('This idempotency key was already used with a different request body.', op)
        );
      }
      const param = op.parameters.find((p) => p.name === op.idempotencyHeader);
      const windowSeconds = Number(param?.raw['x-idempotency-window-seconds'] ?? Number.POSITIVE_INFINITY);
      const reply = run();
      // Remembered before the first await, so a concurrent duplicate replays this very reply.
      idempotency.remember(scope, key, ctx.body, reply, windowSeconds);
      return reply;
    }
    return run();
  };

  for (const op of index.operations) {
    const path = routePath(op.path);
    knownPaths.add(path);
    const handler: Handler = (req, res, pathParams, url) => {
      if (op.comingSoon) return send(res, definition.errors.routeNotFound(req.method ?? 'GET', op.path));
      const limit = limiter?.take(String(req.headers[definition.rateLimit!.keyHeader] ?? ''));
      const withLimit = (reply: SandboxReply): SandboxReply =>
        limit ? { ...reply, headers: { ...reply.headers, ...limit.headers } } : reply;
      if (limit?.exceeded) {
        req.resume();
        return send(res, finish(op, req.headers, withLimit(definition.rateLimit!.exceeded())));
      }
      handleOperation(op, req, pathParams, url)
        .then((reply) => send(res, finish(op, req.headers, withLimit(reply))))
        .catch((error: unknown) => {
          internalErrors.push(`${op.operationId}: ${(error as Error)?.stack ?? String(error)}`);
          send(
            res,
            finish(
              op,
              req.headers,
              withLimit(
                definition.errors.invalidRequest(
                  `The sandbox could not process this request: ${(error as Error)?.message ?? error}.`,
                  op,
                ),
              ),
            ),
          );
        });
    };
    router.on(op.method.toUpperCase() as 'GET', path, handler as never);
  }

  // The control API, validated with its own spec's generated validators.
  const controlIndex = new OperationIndex(controlSpec);
  const builtIn: ControlRoute<State>[] = [
    {
      method: 'POST',
      path: '/reset',
      operationId: 'resetSandbox',
      handle: () => {
        state = definition.initialState();
        idempotency.clear();
        limiter?.clear();
        webhooks.clear();
        clock.reset();
        return { status: 200, body: { reset: true } };
      },
    },
    {
      method: 'GET',
      path: '/webhooks',
      operationId: 'listSandboxWebhooks',
      handle: async (ctx) => {
        await webhooks.settle();
        const event = (ctx.params as Record<string, string>).event;
        return { status: 200, body: { deliveries: webhooks.deliveries.filter((d) => !event || d.event === event) } };
      },
    },
    {
      method: 'POST',
      path: '/clock/advance',
      operationId: 'advanceSandboxClock',
      handle: async (ctx) => {
        await clock.advance(Number((ctx.body as JsonObject).seconds));
        return { status: 200, body: { now: clock.iso() } };
      },
    },
  ];
  const controlRoutes = [...builtIn, ...(definition.control ?? [])];
  for (const route of controlRoutes) {
    const handler: Handler = (req, res, pathParams, url) => {
      const run = async (): Promise<SandboxReply> => {
        let body: unknown;
        const op = controlIndex.byOperationId(route.operationId);
        try {
          body = op ? await readBody(req, op) : undefined;
        } catch (error) {
          if (error instanceof RequestBodyError) return controlError(400, 'invalid_request', error.message);
          throw error;
        }
        const check = controlValidators.requests[route.operationId];
        if (op?.requestBody && check && !check(body))
          return controlError(400, 'invalid_request', `Invalid body: ${describeValidationErrors(check.errors)}.`);
        const params = { ...queryObject(url), ...pathParams } as Record<string, string>;
        return route.handle({ params, body, state, clock, webhooks, newId });
      };
      run()
        .then((reply) => send(res, reply))
        .catch((error: unknown) => {
          internalErrors.push(`control ${route.operationId}: ${(error as Error)?.stack ?? String(error)}`);
          send(res, controlError(400, 'invalid_request', (error as Error)?.message ?? String(error)));
        });
    };
    router.on(route.method, `${CONTROL_PREFIX}${route.path}`, handler as never);
  }

  const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
    const url = parseRequestTarget(req.url);
    if (!url) {
      req.resume();
      return send(res, definition.errors.routeNotFound(req.method ?? 'GET', '(malformed request target)'));
    }
    const found = router.find((req.method ?? 'GET') as 'GET', url.pathname);
    if (found) return (found.handler as unknown as Handler)(req, res, found.params, url);
    req.resume();
    if (url.pathname.startsWith(`${CONTROL_PREFIX}/`))
      return send(
        res,
        controlError(
          404,
          'not_supported',
          `This ${definition.slug} sandbox has no control endpoint ${req.method} ${url.pathname}.`,
        ),
      );
    send(res, definition.errors.routeNotFound(req.method ?? 'GET', url.pathname));
  };
  const server: Server = createServer((req, res) => {
    // No request may end the process: a failure anywhere on the synchronous path is recorded and answered.
    try {
      dispatch(req, res);
    } catch (error) {
      internalErrors.push(`${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
      req.resume();
      if (!res.headersSent)
        send(
          res,
          controlError(
            500,
            'sandbox_error',
            'The sandbox failed on this request; this is a sandbox bug, please report it.',
          ),
        );
      else res.destroy();
    }
  });
  // Longer than any client keeps an idle socket, so a reused connection is never closed under the client mid-request.
  server.keepAliveTimeout = 65_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const displayHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${displayHost}:${port}`,
    close: async () => {
      await webhooks.settle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    clock,
    webhooks,
    state: () => state,
    internalErrors,
    responseViolations,
  };
}
