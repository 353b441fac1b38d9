import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod } from 'openapi-typescript-helpers';
import type { OpenApiDocument } from '../openapi-document.js';
import type { PageItem } from '../pagination.js';
import type { GeneratedValidators } from '../validation.js';

/** The `validate` option's values, listed once: the type and the run-time check both read this. */
export const VALIDATE_MODES = ['off', 'requests', 'responses', 'both'] as const;
export type ValidateMode = (typeof VALIDATE_MODES)[number];

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

type InitParam<Init> = object extends Init
  ? [(Init & CallOptions & { [key: string]: unknown })?]
  : [Init & CallOptions & { [key: string]: unknown }];
type Unwrap<T, Enveloped extends boolean> = Enveloped extends true ? (T extends { data: infer D } ? D : T) : T;
/** The operation object of path P and method M (defined for every P in PathsWithMethod<Paths, M>). */
type OperationOf<Paths, P extends keyof Paths, M extends HttpMethod> = Paths[P] extends { [K in M]: infer Op }
  ? Op extends Record<string | number, unknown>
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
