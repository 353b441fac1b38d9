import createClient from 'openapi-fetch';
import type { HttpMethod } from 'openapi-typescript-helpers';
import type { Credentials } from './auth.js';
import { AttemptTimer } from './client/attempt.js';
import { callFetch } from './client/attempt-loop.js';
import { PendingRequest } from './client/prepare.js';
import { type FetchResult, toApiResult } from './client/response.js';
import { resolveClientContext, splitCallOptions } from './client/settings.js';
import type { CallMeta, CommonClientOptions, PaymentClient, ProviderDefinition } from './client/types.js';
import { type IndexedOperation, OperationIndex } from './operation-index.js';
import { paginate as paginateOperation } from './pagination.js';

export { resolveBaseUrl } from './client/settings.js';
export type {
  ApiResult,
  CallMeta,
  CallOptions,
  CommonClientOptions,
  Logger,
  PaymentClient,
  ProviderDefinition,
  ValidateMode,
} from './client/types.js';

type Send = (path: string, init: Record<string, unknown>) => Promise<Omit<FetchResult, keyof CallMeta>>;

/** openapi-fetch's fetch style by lower-case method. */
function sendersOf(base: ReturnType<typeof createClient>): Record<HttpMethod, Send> {
  const loose = base as unknown as Record<Uppercase<HttpMethod>, Send>;
  return {
    get: loose.GET,
    put: loose.PUT,
    post: loose.POST,
    delete: loose.DELETE,
    options: loose.OPTIONS,
    head: loose.HEAD,
    patch: loose.PATCH,
    trace: loose.TRACE,
  };
}

/** The caller's body when openapi-fetch will serialize it as JSON, so request validation reads it as given. */
function jsonBodyOf(init: Record<string, unknown>): { value: unknown } | undefined {
  if (init.body === undefined || init.body instanceof FormData || init.bodySerializer !== undefined) return undefined;
  return { value: init.body };
}

/** The spec's operation for a call, refused before anything is sent when it is unknown or documented as coming soon. */
function callableOperation(index: OperationIndex, slug: string, method: string, path: string): IndexedOperation {
  const op = index.find(method, path);
  const where = `${method.toUpperCase()} ${path}`;
  if (!op) throw new TypeError(`${slug} has no operation ${where} in its spec.`);
  if (op.comingSoon)
    throw new TypeError(`${slug} documents ${where} (${op.operationId}) as coming soon; it cannot be called yet.`);
  return op;
}

/**
 * Builds a provider client: auth, idempotency, request ids, retries, timeouts, validation and typed errors. Each call
 * goes prepare → attempt → retry decision → response (see `client/`); this function only wires the styles.
 */
export function createPaymentClient<Paths extends {}, Enveloped extends boolean = false>(
  provider: ProviderDefinition,
  credentials: Credentials,
  options: CommonClientOptions,
): PaymentClient<Paths, Enveloped> {
  const ctx = resolveClientContext(provider, credentials, options);
  const index = new OperationIndex(ctx.spec);
  // openapi-fetch builds a PendingRequest, not a Request: what goes out is built per attempt (client/attempt.ts).
  const send = sendersOf(createClient({ baseUrl: ctx.baseUrl, Request: PendingRequest as unknown as typeof Request }));

  const operationFor = (method: string, path: string) => callableOperation(index, ctx.slug, method, path);

  const fetchStyle =
    (method: HttpMethod) =>
    async (path: string, init?: Record<string, unknown>): Promise<FetchResult> => {
      const op = operationFor(method, path);
      const { rest, call } = splitCallOptions(init);
      const meta: CallMeta = { retries: 0 };
      const timer = new AttemptTimer();
      const fetch = callFetch(ctx, { op, options: call, meta, timer, body: jsonBodyOf(rest) });
      try {
        // openapi-fetch has read and parsed the body when this returns, so the timeout covered the whole answer.
        return Object.assign(await send[method](path, { ...rest, fetch }), meta);
      } finally {
        timer.clear();
      }
    };

  const throwingStyle = (method: HttpMethod) => {
    const fetchOf = fetchStyle(method);
    return async (path: string, init?: Record<string, unknown>) =>
      toApiResult(ctx, provider.parseError, { method, path }, await fetchOf(path, init));
  };

  const paginate = (path: string, init?: Record<string, unknown>) =>
    paginateOperation(
      operationFor('get', path),
      init,
      async (pageInit) => (await throwingStyle('get')(path, pageInit)).data,
    );

  return {
    GET: fetchStyle('get'),
    POST: fetchStyle('post'),
    PUT: fetchStyle('put'),
    PATCH: fetchStyle('patch'),
    DELETE: fetchStyle('delete'),
    get: throwingStyle('get'),
    post: throwingStyle('post'),
    put: throwingStyle('put'),
    patch: throwingStyle('patch'),
    delete: throwingStyle('delete'),
    paginate,
    baseUrl: ctx.baseUrl,
    provider: ctx.slug,
  } as unknown as PaymentClient<Paths, Enveloped>;
}
