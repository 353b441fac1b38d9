import spec from '../../../../generated/novasend/spec.js';
import { deref, resolvePointer } from '../../../core/openapi-document.js';
import type { SandboxReply } from '../../../core/sandbox/types.js';

interface ErrorExample {
  code: string;
  message: string;
}

/**
 * Novasend documents no error codes; the spec's inferred error responses carry example bodies, and the sandbox
 * answers with their codes so its errors are the ones the spec shows.
 */
function exampleCode(response: string, example?: string): string {
  const media = deref<{ example?: ErrorExample; examples?: Record<string, { value: ErrorExample }> }>(
    spec,
    resolvePointer(spec, `#/components/responses/${response}/content/application~1json`),
  );
  const body = example ? media.examples?.[example]?.value : media.example;
  if (typeof body?.code !== 'string')
    throw new Error(
      `The novasend spec has no example error code at components/responses/${response}${example ? ` (${example})` : ''}.`,
    );
  return body.code;
}

export const ERROR_CODES = {
  invalidRequest: exampleCode('BadRequest', 'validation'),
  missingIdempotencyKey: exampleCode('BadRequest', 'missingIdempotencyKey'),
  unauthorized: exampleCode('Unauthorized'),
  payinNotFound: exampleCode('NotFound'),
  idempotencyConflict: exampleCode('Conflict', 'idempotencyKeyReused'),
  duplicateReference: exampleCode('Conflict', 'duplicateReference'),
  serverError: exampleCode('ServerError'),
} as const;

/** A reply in Novasend's (inferred) `{ code, message }` error body. */
export function novasendError(status: number, code: string, message: string): SandboxReply {
  return { status, body: { code, message } };
}

/** An error of the control API itself, in its `SandboxError` format (built once, in core). */
export { controlError } from '../../../core/sandbox/control-error.js';
