import { errorForStatus, ResponseValidationError } from '../errors.js';
import type { IndexedOperation } from '../operation-index.js';
import { describeValidationErrors } from '../validation.js';
import type { ClientContext } from './settings.js';
import type { ApiResult, CallMeta, ProviderDefinition } from './types.js';

/** The id to report: the provider's echo of its tracing header, else the one sent, else a generic `X-Request-Id`. */
export function answeredRequestId(
  op: IndexedOperation,
  response: Response,
  sent: string | undefined,
): string | undefined {
  return (
    (op.requestIdHeader && response.headers.get(op.requestIdHeader)) ||
    sent ||
    response.headers.get('x-request-id') ||
    undefined
  );
}

async function readJson(response: Response): Promise<unknown> {
  // A clone, so openapi-fetch still reads the body it returns to the caller.
  const text = await response.clone().text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Whether the spec documents `status` for the operation, exactly, by its class (`4XX`) or as `default`. */
function documents(op: IndexedOperation, status: string): boolean {
  return op.responses.some((r) => r.status === status || r.status === `${status[0]}XX` || r.status === 'default');
}

/**
 * `validate: 'responses'`: an answer with a status the spec does not document, or a body that breaks the schema of
 * its status, fails the call. An undocumented 5xx passes: it is a server failure, and surfaces as a ServerError.
 */
export async function checkResponse(
  ctx: ClientContext,
  op: IndexedOperation,
  response: Response,
  meta: CallMeta,
): Promise<void> {
  const status = String(response.status);
  const documented = documents(op, status);
  if (!documented && response.status >= 500) return;
  const details = {
    provider: ctx.slug,
    status: response.status,
    retries: meta.retries,
    method: op.method.toUpperCase(),
    path: op.path,
    requestId: meta.requestId,
    secrets: ctx.secrets,
  };
  if (!documented) {
    throw new ResponseValidationError(
      'response_validation',
      `${ctx.slug} answered ${status} to ${op.operationId}, a status its spec does not document.`,
      details,
    );
  }
  const byStatus = ctx.validators.responses[op.operationId] ?? {};
  const check = byStatus[status] ?? byStatus[`${status[0]}XX`] ?? byStatus.default;
  if (!check) return;
  const body = await readJson(response);
  if (!check(body)) {
    throw new ResponseValidationError(
      'response_validation',
      `${ctx.slug} answered ${op.operationId} with a ${status} body that does not match the spec: ${describeValidationErrors(check.errors)}.`,
      { ...details, body },
    );
  }
}

/** openapi-fetch's result of a call, with the call's metadata. */
export type FetchResult = { data?: unknown; error?: unknown; response: Response } & CallMeta;

/**
 * The throwing style's answer: a non-2xx becomes the `PaymentApiError` of its status, with the provider's own code
 * and message; a success is its data, out of the `{ data }` envelope where the spec declares one.
 */
export function toApiResult(
  ctx: ClientContext,
  parseError: ProviderDefinition['parseError'],
  call: { method: string; path: string },
  result: FetchResult,
): ApiResult<unknown> {
  const { response, retries, requestId, idempotencyKey } = result;
  if (!response.ok) {
    const body = result.error;
    const parsed = parseError(body);
    throw errorForStatus(response.status, {
      provider: ctx.slug,
      code: parsed.code,
      providerMessage: parsed.message,
      requestId,
      retries,
      method: call.method.toUpperCase(),
      path: call.path,
      body,
      secrets: ctx.secrets,
    });
  }
  const data = result.data;
  const unwrapped = ctx.enveloped && data && typeof data === 'object' && 'data' in data ? data.data : data;
  return { data: unwrapped, status: response.status, response, retries, requestId, idempotencyKey };
}
