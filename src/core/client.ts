import { randomUUID } from 'node:crypto';
import createClient, { type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod } from 'openapi-typescript-helpers';
import { applySecurity, type Credentials } from './auth.js';
import {
  ConnectionError,
  errorForStatus,
  type PaymentApiError,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import { listServers, type OpenApiDocument } from './openapi-document.js';
import { type IndexedOperation, OperationIndex } from './operation-index.js';
import { type PageItem, paginate as paginateOperation } from './pagination.js';
import { redactHeaders } from './redact.js';
import { DEFAULT_MAX_RETRIES, isRetryableStatus, retryDelayMs } from './retry-policy.js';
import type { GeneratedValidators } from './validation.js';
import { describeValidationErrors } from './validation.js';

export type ValidateMode = 'off' | 'requests' | 'responses' | 'both';

/** Receives one line per attempt and per failure; every field is already redacted. */
export interface Logger {
  debug?(message: string, details?: Record<string, unknown>): void;
  info?(message: string, details?: Record<string, unknown>): void;
  warn?(message: string, details?: Record<string, unknown>): void;
  error?(message: string, details?: Record<string, unknown>): void;
}

/** Options every provider factory accepts. */
export interface CommonClientOptions {
  /** Overrides `environment`. */
  baseUrl?: string;
  /** Picks the spec server with this `x-environment`. Default: `'sandbox'`. */
  environment?: 'sandbox' | 'production';
  /** Default: `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /** Per attempt. Default: 30 000 ms. */
  timeoutMs?: number;
  /** Default: 2. */
  maxRetries?: number;
  logger?: Logger;
  /** Validate bodies against the spec with the precompiled validators. Default: `'off'`. */
  validate?: ValidateMode;
}

/** Options of one call, next to openapi-fetch's `params`, `body` and `headers`. */
export interface CallOptions {
  timeoutMs?: number;
  maxRetries?: number;
  /** Your own idempotency key; otherwise one is generated per call and reused across its retries. */
  idempotencyKey?: string;
  /** Your own request id where the provider has a tracing header; otherwise generated per call. */
  requestId?: string;
  signal?: AbortSignal;
}

/** What every call reports besides its body. */
/** Clears the running attempt's timeout timer. */
interface AttemptTimer {
  clear(): void;
}

export interface CallMeta {
  /** retries made (0 when the first attempt answered) */
  retries: number;
  requestId?: string;
  idempotencyKey?: string;
}

/** The result of the throwing style: data (envelope unwrapped) plus call metadata. */
export interface ApiResult<T> extends CallMeta {
  data: T;
  status: number;
  response: Response;
}

export interface ProviderDefinition {
  slug: string;
  spec: OpenApiDocument;
  validators: GeneratedValidators;
  /** Reads the provider's documented error body into code and message. */
  parseError(body: unknown): { code?: string | number; message?: string };
}

const CALL_OPTION_KEYS = ['timeoutMs', 'maxRetries', 'idempotencyKey', 'requestId'] as const;
const DEFAULT_TIMEOUT_MS = 30_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

type InitParam<Init> = object extends Init
  ? [(Init & CallOptions & { [key: string]: unknown })?]
  : [Init & CallOptions & { [key: string]: unknown }];
type Unwrap<T, Enveloped extends boolean> = Enveloped extends true ? (T extends { data: infer D } ? D : T) : T;
/** The operation object of path P and method M (defined for every P in PathsWithMethod<Paths, M>). */
type OperationOf<Paths, P extends keyof Paths, M extends HttpMethod> = Paths[P] extends { [K in M]: infer Op }
  ? Op extends Record<string | number, any>
    ? Op
    : never
  : never;
type InitOf<Paths, P extends keyof Paths, M extends HttpMethod> = MaybeOptionalInit<
  { [K in M]: OperationOf<Paths, P, M> },
  M
>;
type DataOf<Paths, P extends keyof Paths, M extends HttpMethod, Init> = NonNullable<
  FetchResponse<OperationOf<Paths, P, M>, Init, MediaType>['data']
>;

type FetchStyle<Paths extends {}, M extends HttpMethod> = <
  P extends PathsWithMethod<Paths, M>,
  Init extends InitOf<Paths, P, M>,
>(
  url: P,
  ...init: InitParam<Init>
) => Promise<FetchResponse<OperationOf<Paths, P, M>, Init, MediaType> & CallMeta>;

type ThrowingStyle<Paths extends {}, M extends HttpMethod, Enveloped extends boolean> = <
  P extends PathsWithMethod<Paths, M>,
  Init extends InitOf<Paths, P, M>,
>(
  url: P,
  ...init: InitParam<Init>
) => Promise<ApiResult<Unwrap<DataOf<Paths, P, M, Init>, Enveloped>>>;

type PaginateStyle<Paths extends {}, Enveloped extends boolean> = <
  P extends PathsWithMethod<Paths, 'get'>,
  Init extends InitOf<Paths, P, 'get'>,
>(
  url: P,
  ...init: InitParam<Init>
) => AsyncIterable<PageItem<Unwrap<DataOf<Paths, P, 'get', Init>, Enveloped>>>;

/**
 * A typed client over openapi-fetch. `GET`/`POST`/… keep openapi-fetch's `{ data, error, response }` result;
 * `get`/`post`/… return `{ data, … }` and throw a `PaymentApiError`; `paginate` walks every page.
 */
export interface PaymentClient<Paths extends {}, Enveloped extends boolean = false> {
  GET: FetchStyle<Paths, 'get'>;
  POST: FetchStyle<Paths, 'post'>;
  PUT: FetchStyle<Paths, 'put'>;
  PATCH: FetchStyle<Paths, 'patch'>;
  DELETE: FetchStyle<Paths, 'delete'>;
  get: ThrowingStyle<Paths, 'get', Enveloped>;
  post: ThrowingStyle<Paths, 'post', Enveloped>;
  put: ThrowingStyle<Paths, 'put', Enveloped>;
  patch: ThrowingStyle<Paths, 'patch', Enveloped>;
  delete: ThrowingStyle<Paths, 'delete', Enveloped>;
  paginate: PaginateStyle<Paths, Enveloped>;
  /** The base URL in use. */
  readonly baseUrl: string;
  /** The provider slug. */
  readonly provider: string;
}

/** The base URL from `baseUrl`, or the spec server of the requested environment. */
export function resolveBaseUrl(
  spec: OpenApiDocument,
  slug: string,
  options: Pick<CommonClientOptions, 'baseUrl' | 'environment'>,
): string {
  if (options.baseUrl !== undefined) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw new TypeError(`baseUrl "${options.baseUrl}" is not an absolute URL; pass e.g. "http://127.0.0.1:4010".`);
    }
    return options.baseUrl.replace(/\/+$/, '');
  }
  const environment = options.environment ?? 'sandbox';
  if (environment !== 'sandbox' && environment !== 'production') {
    throw new TypeError(`environment must be "sandbox" or "production", got "${String(environment)}".`);
  }
  const server = listServers(spec).find((s) => s.environment === environment);
  if (!server) throw new TypeError(`The ${slug} spec documents no ${environment} server; pass baseUrl.`);
  return server.url.replace(/\/+$/, '');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function splitInit(init: Record<string, unknown> | undefined): { rest: Record<string, unknown>; call: CallOptions } {
  const rest: Record<string, unknown> = { ...(init ?? {}) };
  const call: CallOptions = {};
  for (const key of CALL_OPTION_KEYS) {
    if (key in rest) {
      (call as Record<string, unknown>)[key] = rest[key];
      delete rest[key];
    }
  }
  if (rest.signal instanceof AbortSignal) call.signal = rest.signal;
  delete rest.signal;
  return { rest, call };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.clone().text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Builds a provider client: auth, idempotency, request ids, retries, timeouts, validation and typed errors. */
export function createPaymentClient<Paths extends {}, Enveloped extends boolean = false>(
  provider: ProviderDefinition,
  credentials: Credentials,
  options: CommonClientOptions,
): PaymentClient<Paths, Enveloped> {
  const { slug, spec, validators } = provider;
  const index = new OperationIndex(spec);
  const baseUrl = resolveBaseUrl(spec, slug, options);
  const transport = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const validate = options.validate ?? 'off';
  if (!['off', 'requests', 'responses', 'both'].includes(validate)) {
    throw new TypeError(`validate must be "off", "requests", "responses" or "both", got "${String(validate)}".`);
  }
  const clientTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clientRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  for (const [name, value] of [
    ['timeoutMs', clientTimeout],
    ['maxRetries', clientRetries],
  ] as const) {
    if (!Number.isInteger(value) || value < 0)
      throw new TypeError(`${name} must be a whole number ≥ 0, got ${String(value)}.`);
  }
  const enveloped = spec['x-envelope'] === 'data';
  // A provider may echo a credential back in an error body or message; every error this client raises scrubs them.
  const secrets = Object.values(credentials).flatMap((c) =>
    c === undefined
      ? []
      : typeof c === 'string'
        ? [c]
        : [c.username, c.password, Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')],
  );
  const logger = options.logger;
  const base = createClient<Paths>({ baseUrl });

  const operationFor = (method: string, path: string): IndexedOperation => {
    const op = index.find(method, path);
    if (!op) throw new TypeError(`${slug} has no operation ${method.toUpperCase()} ${path} in its spec.`);
    if (op.comingSoon)
      throw new TypeError(
        `${slug} documents ${method.toUpperCase()} ${path} (${op.operationId}) as coming soon; it cannot be called yet.`,
      );
    return op;
  };

  /**
   * The fetch of one logical call: every attempt of it goes through here with the same keys. `json` holds the body
   * as the caller gave it and the text it was serialized to, when it is JSON, so neither is read back from the Request.
   */
  const callFetch =
    (
      op: IndexedOperation,
      call: CallOptions,
      meta: CallMeta,
      attemptTimer: AttemptTimer,
      json?: { value: unknown; text?: string },
    ) =>
    async (original: Request): Promise<Response> => {
      // The Request is this call's own (openapi-fetch built it for this fetch), so its headers are set in place.
      const headers = original.headers;
      const url = new URL(original.url);
      applySecurity(spec, op.security, credentials, headers, url);
      if (call.idempotencyKey !== undefined && !op.idempotencyHeader) {
        throw new TypeError(
          `${slug} documents no idempotency header for ${op.operationId}; idempotencyKey would not be sent, so remove it (a POST without one is not retried).`,
        );
      }
      if (op.idempotencyHeader) {
        const key = headers.get(op.idempotencyHeader) ?? call.idempotencyKey ?? randomUUID();
        headers.set(op.idempotencyHeader, key);
        meta.idempotencyKey = key;
      }
      if (op.requestIdHeader) {
        const id = headers.get(op.requestIdHeader) ?? call.requestId ?? randomUUID();
        headers.set(op.requestIdHeader, id);
        meta.requestId = id;
      }
      // Every attempt re-sends the same body: the serialized JSON, or the bytes of anything else (multipart uploads
      // carry binary parts).
      const body = json?.text ?? (original.body ? new Uint8Array(await original.arrayBuffer()) : undefined);
      if (
        (validate === 'requests' || validate === 'both') &&
        op.requestBody &&
        body !== undefined &&
        /json/.test(op.requestBody.contentType)
      ) {
        const check = validators.requests[op.operationId];
        let parsed: unknown = json?.value;
        if (!json) {
          const text = new TextDecoder().decode(body as Uint8Array);
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        if (check && !check(parsed)) {
          throw new RequestValidationError(
            'request_validation',
            `Request body for ${op.operationId} does not match the ${slug} spec: ${describeValidationErrors(check.errors)}. Fix the body before sending.`,
            {
              provider: slug,
              retries: 0,
              method: op.method.toUpperCase(),
              path: op.path,
              requestId: meta.requestId,
              secrets,
            },
          );
        }
      }
      const maxRetries = call.maxRetries ?? clientRetries;
      const timeoutMs = call.timeoutMs ?? clientTimeout;
      const retrySafe = SAFE_METHODS.has(original.method) || op.idempotencyHeader !== undefined;
      const where = { provider: slug, method: original.method, path: op.path, secrets };

      for (let attempt = 0; ; attempt++) {
        meta.retries = attempt;
        // A timer per attempt, cleared as soon as the call is over: `AbortSignal.timeout` would keep every call's
        // timer alive for the whole timeout, thousands of them under load.
        attemptTimer.clear();
        const timeout = new AbortController();
        const timer = setTimeout(
          () => timeout.abort(new DOMException(`The attempt took longer than ${timeoutMs} ms.`, 'TimeoutError')),
          timeoutMs,
        );
        attemptTimer.clear = () => clearTimeout(timer);
        const signal = call.signal ? AbortSignal.any([call.signal, timeout.signal]) : timeout.signal;
        const request = new Request(url, { method: original.method, headers, body, signal });
        const started = performance.now();
        let response: Response | undefined;
        let failure: PaymentApiError | undefined;
        try {
          response = await transport(request);
        } catch (error) {
          if (call.signal?.aborted) throw call.signal.reason;
          const timedOut = timeout.signal.aborted;
          failure = timedOut
            ? new TimeoutError(
                'timeout',
                `${slug} did not answer ${original.method} ${op.path} within ${timeoutMs} ms (attempt ${attempt + 1}).`,
                { ...where, retries: attempt, requestId: meta.requestId, cause: error },
              )
            : new ConnectionError(
                'connection',
                `Could not reach ${slug} for ${original.method} ${op.path}: ${(error as Error).message}.`,
                { ...where, retries: attempt, requestId: meta.requestId, cause: error },
              );
        }
        const elapsed = Math.round(performance.now() - started);
        logger?.debug?.(`${slug} ${original.method} ${op.path} → ${response?.status ?? failure?.kind}`, {
          attempt: attempt + 1,
          ms: elapsed,
          headers: redactHeaders(headers),
        });
        const retryable = failure !== undefined || (response !== undefined && isRetryableStatus(response.status));
        if (retryable && retrySafe && attempt < maxRetries) {
          const delay = retryDelayMs(attempt, response?.headers);
          if (delay !== undefined) {
            await response?.body?.cancel().catch(() => undefined);
            logger?.info?.(`${slug} ${original.method} ${op.path}: retrying in ${delay} ms`, {
              attempt: attempt + 1,
              reason: failure?.kind ?? response?.status,
            });
            await sleep(delay, call.signal);
            continue;
          }
        }
        if (failure) {
          logger?.warn?.(failure.message, { kind: failure.kind, retries: attempt });
          throw failure;
        }
        const answered = response!;
        meta.requestId =
          (op.requestIdHeader && answered.headers.get(op.requestIdHeader)) ||
          meta.requestId ||
          answered.headers.get('x-request-id') ||
          undefined;
        if (validate === 'responses' || validate === 'both') await validateResponse(op, answered, meta);
        return answered;
      }
    };

  const validateResponse = async (op: IndexedOperation, response: Response, meta: CallMeta): Promise<void> => {
    const status = String(response.status);
    const byStatus = validators.responses[op.operationId] ?? {};
    const check = byStatus[status] ?? byStatus[`${status[0]}XX`] ?? byStatus.default;
    const documented = op.responses.some(
      (r) => r.status === status || r.status === `${status[0]}XX` || r.status === 'default',
    );
    const details = {
      provider: slug,
      status: response.status,
      retries: meta.retries,
      method: op.method.toUpperCase(),
      path: op.path,
      requestId: meta.requestId,
      secrets,
    };
    // An undocumented 5xx is a server failure, not a contract breach: it surfaces as a ServerError.
    if (!documented && response.status >= 500) return;
    if (!documented) {
      throw new ResponseValidationError(
        'response_validation',
        `${slug} answered ${status} to ${op.operationId}, a status its spec does not document.`,
        details,
      );
    }
    if (!check) return;
    const body = await readJson(response);
    if (!check(body)) {
      throw new ResponseValidationError(
        'response_validation',
        `${slug} answered ${op.operationId} with a ${status} body that does not match the spec: ${describeValidationErrors(check.errors)}.`,
        { ...details, body },
      );
    }
  };

  const fetchStyle = (method: HttpMethod) => async (path: string, init?: Record<string, unknown>) => {
    const op = operationFor(method, path);
    const { rest, call } = splitInit(init);
    const meta: CallMeta = { retries: 0 };
    const send = (base as unknown as Record<string, (p: string, i: unknown) => Promise<Record<string, unknown>>>)[
      method.toUpperCase()
    ]!;
    const sendInit: Record<string, unknown> = { ...rest };
    const attemptTimer: AttemptTimer = { clear: () => undefined };
    // A plain JSON body is serialized once, here, and that text is what every attempt sends.
    if (rest.body !== undefined && !(rest.body instanceof FormData) && rest.bodySerializer === undefined) {
      const json: { value: unknown; text?: string } = { value: rest.body };
      sendInit.bodySerializer = (value: unknown) => (json.text = JSON.stringify(value));
      sendInit.fetch = callFetch(op, call, meta, attemptTimer, json);
    } else {
      sendInit.fetch = callFetch(op, call, meta, attemptTimer);
    }
    try {
      // openapi-fetch has read and parsed the body when this returns, so the timeout covered the whole answer.
      const result = await send(path, sendInit);
      return Object.assign(result, meta);
    } finally {
      attemptTimer.clear();
    }
  };

  const throwingStyle = (method: HttpMethod) => async (path: string, init?: Record<string, unknown>) => {
    const result = (await fetchStyle(method)(path, init)) as Record<string, unknown> &
      CallMeta & { response: Response };
    const { response } = result;
    if (!response.ok) {
      const body = result.error;
      const parsed = provider.parseError(body);
      throw errorForStatus(response.status, {
        provider: slug,
        code: parsed.code,
        providerMessage: parsed.message,
        requestId: result.requestId,
        retries: result.retries,
        method: method.toUpperCase(),
        path,
        body,
        secrets,
      });
    }
    const data = result.data as Record<string, unknown> | undefined;
    return {
      data: enveloped && data && typeof data === 'object' && 'data' in data ? data.data : data,
      status: response.status,
      response,
      retries: result.retries,
      requestId: result.requestId,
      idempotencyKey: result.idempotencyKey,
    };
  };

  const paginate = (path: string, init?: Record<string, unknown>) => {
    const op = operationFor('get', path);
    return paginateOperation(op, init, async (pageInit) => (await throwingStyle('get')(path, pageInit)).data);
  };

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
    baseUrl,
    provider: slug,
  } as unknown as PaymentClient<Paths, Enveloped>;
}
