import type { Credentials } from '../auth.js';
import { listServers, type OpenApiDocument } from '../openapi-document.js';
import { DEFAULT_MAX_RETRIES } from '../retry-policy.js';
import type { GeneratedValidators } from '../validation.js';
import { type Transport, transportFor } from './attempt.js';
import {
  type CallOptions,
  type CommonClientOptions,
  type Logger,
  type ProviderDefinition,
  VALIDATE_MODES,
  type ValidateMode,
} from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const CALL_OPTION_KEYS = ['timeoutMs', 'maxRetries', 'idempotencyKey', 'requestId'] as const;

/** What every step of a call reads; fixed when the client is built. */
export interface ClientContext {
  slug: string;
  spec: OpenApiDocument;
  validators: GeneratedValidators;
  credentials: Credentials;
  baseUrl: string;
  transport: Transport;
  timeoutMs: number;
  maxRetries: number;
  validateRequests: boolean;
  validateResponses: boolean;
  /** the spec says success bodies come as `{ data }` (`x-envelope: data`) */
  enveloped: boolean;
  logger?: Logger;
  /** credential values every error this client raises scrubs: a provider may echo one back */
  secrets: readonly string[];
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

function checkValidateMode(value: unknown): ValidateMode {
  if ((VALIDATE_MODES as readonly unknown[]).includes(value)) return value as ValidateMode;
  const quoted = VALIDATE_MODES.map((mode) => `"${mode}"`);
  const choices = `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  throw new TypeError(`validate must be ${choices}, got "${String(value)}".`);
}

function checkCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`${name} must be a whole number ≥ 0, got ${value}.`);
  return value;
}

/** Every credential value, and Basic auth's encoded pair, as an error must never show them. */
export function credentialSecrets(credentials: Credentials): string[] {
  return Object.values(credentials).flatMap((c) =>
    c === undefined
      ? []
      : typeof c === 'string'
        ? [c]
        : [c.username, c.password, Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')],
  );
}

/** Checks the factory options and fixes everything a call reads; a bad option is a TypeError saying what to pass. */
export function resolveClientContext(
  provider: ProviderDefinition,
  credentials: Credentials,
  options: CommonClientOptions,
): ClientContext {
  const { slug, spec, validators } = provider;
  const baseUrl = resolveBaseUrl(spec, slug, options);
  const validate = checkValidateMode(options.validate ?? 'off');
  return {
    slug,
    spec,
    validators,
    credentials,
    baseUrl,
    transport: transportFor(options.fetch),
    timeoutMs: checkCount('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    maxRetries: checkCount('maxRetries', options.maxRetries ?? DEFAULT_MAX_RETRIES),
    validateRequests: validate === 'requests' || validate === 'both',
    validateResponses: validate === 'responses' || validate === 'both',
    enveloped: spec['x-envelope'] === 'data',
    logger: options.logger,
    secrets: credentialSecrets(credentials),
  };
}

/** Separates this client's call options from what openapi-fetch reads (`params`, `body`, `headers`, …). */
export function splitCallOptions(init: Record<string, unknown> | undefined): {
  rest: Record<string, unknown>;
  call: CallOptions;
} {
  const rest: Record<string, unknown> = { ...(init ?? {}) };
  const call: Record<string, unknown> = {};
  for (const key of CALL_OPTION_KEYS) {
    if (key in rest) {
      call[key] = rest[key];
      delete rest[key];
    }
  }
  if (rest.signal instanceof AbortSignal) call.signal = rest.signal;
  delete rest.signal;
  return { rest, call: call as CallOptions };
}
