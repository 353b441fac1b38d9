import type { ValidationError } from '../../validation.js';
import { describeValidationErrors } from '../../validation.js';
import type { Exchange } from '../exchange.js';
import { RequestBodyError, readBody } from '../request-body.js';
import type { SandboxReply } from '../types.js';

/** `number` is what JSON text means exactly: finite, and a whole number only within the safe range. */
function exact(value: number): boolean {
  return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value));
}

/** The first inexact number's path as keys, outermost first (built only when there is one: this runs per request). */
function inexactPath(value: unknown): string[] | undefined {
  if (typeof value === 'number') return exact(value) ? undefined : [];
  if (value === null || typeof value !== 'object') return undefined;
  for (const key in value) {
    const found = inexactPath((value as Record<string, unknown>)[key]);
    if (found) {
      found.unshift(key);
      return found;
    }
  }
  return undefined;
}

/**
 * The first number in a parsed JSON body that JSON text cannot mean exactly: `1e400` parses to Infinity (which the
 * validators' `integer` check lets through) and `9007199254740993` to …992. An amount must never be silently changed.
 */
export function inexactNumber(value: unknown): ValidationError | undefined {
  const path = inexactPath(value);
  if (!path) return undefined;
  let found = value;
  for (const key of path) found = (found as Record<string, unknown>)[key];
  const message = Number.isFinite(found)
    ? `must be a whole number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`
    : 'must be a finite number';
  const pointer = path.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return { instancePath: pointer, schemaPath: '#/type', keyword: 'type', params: { type: 'number' }, message };
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
