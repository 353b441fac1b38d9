import type { OpenApiDocument } from '../openapi-document.js';
import type { IndexedOperation } from '../operation-index.js';
import type { GeneratedValidator, GeneratedValidators, ValidationError } from '../validation.js';
import type { SandboxClock } from './clock.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

/** What a handler answers; the framework serializes it and adds echo headers. */
export interface SandboxReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** lower-cased names */
  header: Record<string, unknown>;
}

export interface SandboxContext<State> {
  op: IndexedOperation;
  params: RequestParameters;
  body: unknown;
  state: State;
  clock: SandboxClock;
  webhooks: WebhookDispatcher;
  /** a fresh id with the given prefix, e.g. `pay_3f9a…` */
  newId(prefix: string): string;
  /**
   * The base URL of this sandbox as callers reach it (`--public-url`, else the listen address), with no trailing
   * slash. Every URL the sandbox hands out (redirects, hosted pages) starts with it, never with a request's Host.
   */
  publicUrl: string;
}

export interface ControlContext<State> {
  params: Record<string, string>;
  body: unknown;
  state: State;
  clock: SandboxClock;
  webhooks: WebhookDispatcher;
  newId(prefix: string): string;
  publicUrl: string;
}

/** What time-driven behaviour (expiries, processing timeouts) may read and change when the test clock moves. */
export type ClockContext<State> = Pick<ControlContext<State>, 'state' | 'clock' | 'webhooks' | 'newId' | 'publicUrl'>;

/** A credential the sandbox accepts for one security scheme of the spec. */
export type ExpectedCredential = string | { username: string; password: string };

/** The provider's own documented error replies. */
export interface ProviderErrorReplies {
  /**
   * A request that breaks the spec: bad body, parameter or content type. `problem` is the first schema violation,
   * when there is one, so a provider can pick its documented code (`/currency` → INVALID_CURRENCY). `problems` are all
   * the violations found: when a body fails an `anyOf`/`oneOf`, the first one is often a branch that was not meant.
   */
  invalidRequest(
    message: string,
    op: IndexedOperation | undefined,
    problem?: ValidationError,
    problems?: ValidationError[],
  ): SandboxReply;
  /** missing or wrong credentials for `scheme`; `reason` tells a request that sent none from one that sent a bad one */
  unauthorized(scheme: string, op: IndexedOperation, reason: 'missing' | 'invalid'): SandboxReply;
  /**
   * Over a documented rate limit (`x-rate-limit` of the operation): the provider's documented 429, with
   * `retryAfterSeconds` until the window resets. The framework adds the provider's limit headers itself.
   */
  rateLimited?(op: IndexedOperation, retryAfterSeconds: number): SandboxReply;
  /**
   * The sandbox failed on a request that was the caller's to make (a bug in the sandbox, never the caller's fault):
   * the provider's error format, with a 5xx the provider documents where it has one, and a message that says this is
   * a sandbox bug to report.
   */
  sandboxFault?(op: IndexedOperation | undefined, message: string): SandboxReply;
  /** no such route */
  routeNotFound(method: string, path: string): SandboxReply;
  /** the same idempotency key with a different body */
  idempotencyConflict?(op: IndexedOperation): SandboxReply;
}

/** A provider's control operation: its method, path and body come from the sandbox-control spec. */
export interface ControlRoute<State> {
  /** operationId in the sandbox-control spec */
  operationId: string;
  handle(ctx: ControlContext<State>): SandboxReply | Promise<SandboxReply>;
}

/** One resource a sandbox holds, as the dashboard and `GET /__sandbox/resources` list it. */
export interface SandboxResource {
  /** the provider's collection: `payments`, `payins`, `sessions`, `wallets`, … */
  kind: string;
  id: string;
  /** sandbox clock ms; absent where the sandbox records no creation time */
  createdAt?: number;
  status?: string;
  /** a line for people: the amount, a wallet's balance */
  summary?: string;
  /** the path of the customer's simulator page for it (`/__sandbox/payins/{reference}/phone`), where there is one */
  customerPage?: string;
  /** what the provider's API shows of it; built only when read, and redacted by the reader */
  body(): unknown;
}

/** Everything provider-specific about a sandbox; the rest is the shared framework. */
export interface SandboxDefinition<State> {
  slug: string;
  spec: OpenApiDocument;
  validators: GeneratedValidators;
  parameterValidators: Record<string, GeneratedValidator>;
  initialState(): State;
  handlers: Record<string, (ctx: SandboxContext<State>) => SandboxReply | Promise<SandboxReply>>;
  errors: ProviderErrorReplies;
  /** checks a credential issued at run time (a session token, a client secret) for schemes without a fixed one */
  authenticateDynamic?(scheme: string, value: string, ctx: SandboxContext<State>): boolean;
  /** headers that sign a webhook body the way the provider does (a Content-Type among them is ignored) */
  signWebhook?(body: string, secret: string): Record<string, string>;
  control?: ControlRoute<State>[];
  /** everything the sandbox holds, by kind, each kind oldest first (the dashboard, `GET /__sandbox/resources`) */
  resources?(state: State): SandboxResource[];
  /** runs each time the test clock moves, so what the provider does on a timer happens and sends its webhooks */
  onClockAdvance?(ctx: ClockContext<State>): void | Promise<void>;
}

export interface SandboxOptions {
  host?: string;
  port?: number;
  webhookUrl?: string;
  webhookSecret?: string;
  /** overrides of the accepted credentials, by security scheme name */
  credentials?: Record<string, ExpectedCredential>;
  /** fetch used for webhook deliveries (tests inject one) */
  fetch?: typeof fetch;
  /**
   * The documented rate limits (`x-rate-limit`) are enforced by default. `false` lifts them all (load tests); a number
   * replaces the request count of every documented limit, keeping its window (to see the 429 sooner).
   */
  rateLimit?: number | false;
  /**
   * The base URL callers reach this sandbox at, when it sits behind a proxy: every URL the sandbox hands out starts
   * with it. By default, the listen address.
   */
  publicUrl?: string;
  /**
   * Origins whose pages may call every operation of the provider API (the docs' try-it console), e.g.
   * `http://127.0.0.1:8080`. Operations a provider's browser flow calls (`x-cors: public`) answer any origin anyway.
   */
  corsOrigins?: string[];
  /**
   * A file that keeps every tenant's state (an SQLite database, created if missing): a request answered 2xx is on
   * disk before its reply, and a restart on the same file resumes where the sandbox stopped. One process per file.
   */
  data?: string;
}
