import type { ValidationError } from '../../validation.js';
import { describeValidationErrors } from '../../validation.js';
import type { Exchange } from '../exchange.js';
import { RequestBodyError, readBody } from '../request-body.js';
import type { SandboxReply } from '../types.js';

/**
 * The first number in a parsed JSON body that JSON text cannot mean exactly: `1e400` parses to Infinity (which the
 * validators' `integer` check lets through) and `9007199254740993` to …992. An amount must never be silently changed.
 */
export function inexactNumber(value: unknown, at = ''): ValidationError | undefined {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))) return undefined;
    const message = Number.isFinite(value)
      ? `must be a whole number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`
      : 'must be a finite number';
    return { instancePath: at, schemaPath: '#/type', keyword: 'type', params: { type: 'number' }, message };
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = inexactNumber(item, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** Body: reads and parses what the operation declares, then checks it against the request schema. */
export async function checkBody<State>(x: Exchange<State>): Promise<SandboxReply | undefined> {
  const { runtime, op, req } = x;
  const { definition } = runtime;
  try {
    x.ctx.body = await readBody(req, op);
  } catch (error) {
    if (error instanceof RequestBodyError) return definition.errors.invalidRequest(error.message, op);
    throw error;
  }
  const body = x.ctx.body;
  if (!op.requestBody || body === undefined) return undefined;
  const inexact = inexactNumber(body);
  if (inexact) {
    const message = `Invalid request body: ${describeValidationErrors([inexact])}.`;
    return definition.errors.invalidRequest(message, op, inexact, [inexact]);
  }
  const check = definition.validators.requests[op.operationId];
  if (check && !check(body)) {
    const problems = check.errors ?? [];
    const message = `Invalid request body: ${describeValidationErrors(problems)}.`;
    return definition.errors.invalidRequest(message, op, problems[0], problems);
  }
  return undefined;
}
