import { ChariErrorCode } from '../../../../generated/chari-money/enums.js';
import type { SandboxReply } from '../../../core/sandbox/types.js';
import type { ValidationError } from '../../../core/validation.js';
import {
  ERROR_MESSAGES,
  ERROR_STATUS,
  PHONE_NUMBER_PATTERN,
  PIN_PATTERN,
  UNAUTHORIZED_BODY,
} from './documented-facts.js';
import type { ChariMoneyHandler } from './state.js';

export type ChariCode = (typeof ChariErrorCode)[keyof typeof ChariErrorCode];

/** Chari's error body `{ errorCode, errorDescription }`: the documented message, then what is wrong in this request. */
export function chariError(code: ChariCode, detail?: string): SandboxReply {
  const message = ERROR_MESSAGES.get(code);
  const status = ERROR_STATUS.get(code);
  if (message === undefined || status === undefined)
    throw new TypeError(`chari-money spec: error code ${code} has no message or status; run the build.`);
  return { status, body: { errorCode: code, errorDescription: detail ? `${message} ${detail}` : message } };
}

/** A business rule a request broke, thrown from deep in a handler and answered as `chariError`. */
export class ChariFailure extends Error {
  constructor(
    readonly code: ChariCode,
    readonly detail?: string,
  ) {
    super(detail ?? ERROR_MESSAGES.get(code));
  }
}

export function fail(code: ChariCode, detail?: string): never {
  throw new ChariFailure(code, detail);
}

/** Success bodies are wrapped in `{ data }` (spec `x-envelope: data`). */
export function ok(data: unknown, status = 200): SandboxReply {
  return { status, body: { data } };
}

/** Runs a handler, answering a thrown `ChariFailure` in Chari's error format. */
export function guarded(handler: ChariMoneyHandler): ChariMoneyHandler {
  return (ctx) => {
    try {
      return handler(ctx);
    } catch (error) {
      if (error instanceof ChariFailure) return chariError(error.code, error.detail);
      throw error;
    }
  };
}

/**
 * A request that breaks the spec, with the code the document gives its cause: a phone number of the wrong format is
 * 20000, a PIN that is not 4 digits 26005, another malformed value 20006, a missing field 10001. A malformed value
 * wins over a missing one: a 23-digit `Rib` also fails the `BeneficiaryId` branch of "one or the other".
 */
export function invalidRequestReply(message: string, problems: ValidationError[]): SandboxReply {
  const pattern = (p: string) => problems.some((e) => e.keyword === 'pattern' && e.params.pattern === p);
  if (pattern(PHONE_NUMBER_PATTERN)) return chariError(ChariErrorCode.INVALID_PHONE_NUMBER_FORMAT, message);
  if (pattern(PIN_PATTERN)) return chariError(ChariErrorCode.INVALID_PIN_FORMAT, message);
  const missing = (e: ValidationError) => e.keyword === 'required' || e.keyword === 'dependentRequired';
  const composite = (e: ValidationError) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if';
  const malformed =
    problems.some((e) => !missing(e) && !composite(e)) ||
    problems.some((e) => e.keyword === 'oneOf' && e.params.passingSchemas);
  if (problems.length > 0 && !malformed) return chariError(ChariErrorCode.MISSING_PARAMETERS, message);
  return chariError(ChariErrorCode.INVALID_INITIAL_PARAMETERS, message);
}

/**
 * No error code is documented for a missing or a wrong key; the spec's inferred example gives the code (the status),
 * and the description says which of the two it was.
 */
export function unauthorizedReply(header: string, reason: 'missing' | 'invalid'): SandboxReply {
  const errorDescription =
    reason === 'missing'
      ? `The ${header} header is missing; send the API key Chari gave you for this environment.`
      : `The ${header} header is not a valid API key for this environment.`;
  return { status: 401, body: { errorCode: UNAUTHORIZED_BODY.errorCode, errorDescription } };
}

/** "Rate limiting may apply": no figures nor code are documented, so the status doubles as the code, as for 401. */
export function rateLimitedReply(retryAfterSeconds: number): SandboxReply {
  return {
    status: 429,
    body: {
      errorCode: 429,
      errorDescription: `Too many requests with this API key; retry in ${retryAfterSeconds} s.`,
    },
  };
}

/** Chari documents no 5xx (its "HTTP Status Codes" section is empty): a 500 in its error format, code = status. */
export function sandboxFaultReply(message: string): SandboxReply {
  return {
    status: 500,
    body: {
      errorCode: 500,
      errorDescription: `The Chari Money sandbox failed on this request (${message}). This is a sandbox bug, not a mistake in your request; please report it.`,
    },
  };
}

/** An unknown route (or a "Coming Soon" one) has no documented body; the status doubles as the code, as for 401. */
export function routeNotFoundReply(method: string, path: string): SandboxReply {
  return {
    status: 404,
    body: {
      errorCode: 404,
      errorDescription: `Chari Money has no endpoint ${method} ${path} (or it is documented as Coming Soon).`,
    },
  };
}
