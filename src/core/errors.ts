import { redactText, redactValue } from './redact.js';

/** What went wrong, in the terms a payments team handles differently. */
export type PaymentErrorKind =
  | 'authentication'
  | 'invalid_request'
  | 'payment_declined'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'rate_limited'
  | 'server'
  | 'api'
  | 'timeout'
  | 'connection'
  | 'request_validation'
  | 'response_validation';

export interface PaymentErrorDetails {
  provider: string;
  status?: number;
  /** the provider's own error code, from its documented error schema */
  code?: string | number;
  /** the provider's own error message */
  providerMessage?: string;
  requestId?: string;
  retries: number;
  method?: string;
  path?: string;
  /** the error body as received, secrets redacted */
  body?: unknown;
  cause?: unknown;
  /** credential values to scrub from the message, provider message and body; used once, never stored */
  secrets?: readonly string[];
}

/** The one error type of every client: transport failures and API errors alike. */
export class PaymentApiError extends Error {
  readonly kind: PaymentErrorKind;
  readonly provider: string;
  readonly status?: number;
  readonly code?: string | number;
  readonly providerMessage?: string;
  readonly requestId?: string;
  readonly retries: number;
  readonly method?: string;
  readonly path?: string;
  readonly body?: unknown;

  constructor(kind: PaymentErrorKind, message: string, details: PaymentErrorDetails) {
    // A provider may echo a key or a card number back in its error; neither may reach a log through us.
    super(redactText(message, details.secrets), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.provider = details.provider;
    this.status = details.status;
    this.code = details.code;
    this.providerMessage =
      details.providerMessage === undefined ? undefined : redactText(details.providerMessage, details.secrets);
    this.requestId = details.requestId;
    this.retries = details.retries;
    this.method = details.method;
    this.path = details.path;
    this.body = details.body === undefined ? undefined : redactValue(details.body, details.secrets);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      provider: this.provider,
      status: this.status,
      code: this.code,
      providerMessage: this.providerMessage,
      requestId: this.requestId,
      retries: this.retries,
      method: this.method,
      path: this.path,
      body: this.body,
    };
  }
}

export class AuthenticationError extends PaymentApiError {}
export class InvalidRequestError extends PaymentApiError {}
export class PaymentDeclinedError extends PaymentApiError {}
export class NotFoundError extends PaymentApiError {}
export class ConflictError extends PaymentApiError {}
export class GoneError extends PaymentApiError {}
export class RateLimitError extends PaymentApiError {}
export class ServerError extends PaymentApiError {}
export class TimeoutError extends PaymentApiError {}
export class ConnectionError extends PaymentApiError {}
export class RequestValidationError extends PaymentApiError {}
export class ResponseValidationError extends PaymentApiError {}

/** The one mapping table from HTTP status to error class. */
const BY_STATUS: [test: (status: number) => boolean, kind: PaymentErrorKind, type: typeof PaymentApiError][] = [
  [(s) => s === 400 || s === 422, 'invalid_request', InvalidRequestError],
  [(s) => s === 401 || s === 403, 'authentication', AuthenticationError],
  [(s) => s === 402, 'payment_declined', PaymentDeclinedError],
  [(s) => s === 404, 'not_found', NotFoundError],
  [(s) => s === 409, 'conflict', ConflictError],
  [(s) => s === 410, 'gone', GoneError],
  [(s) => s === 429, 'rate_limited', RateLimitError],
  [(s) => s >= 500, 'server', ServerError],
];

export function errorForStatus(status: number, details: Omit<PaymentErrorDetails, 'status'>): PaymentApiError {
  const [, kind, Type] = BY_STATUS.find(([test]) => test(status)) ?? [undefined, 'api' as const, PaymentApiError];
  const what = details.providerMessage ? `: ${details.providerMessage}` : '';
  const code = details.code !== undefined ? ` [${details.code}]` : '';
  const where = details.method && details.path ? ` on ${details.method} ${details.path}` : '';
  const retried = details.retries > 0 ? ` after ${details.retries} retr${details.retries === 1 ? 'y' : 'ies'}` : '';
  return new Type(kind, `${details.provider} answered ${status}${code}${what}${where}${retried}.`, {
    ...details,
    status,
  });
}
