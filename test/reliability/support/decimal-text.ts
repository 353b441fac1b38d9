import type { OpenApiDocument } from '../../../src/core/openapi-document.js';
import type { IndexedOperation } from '../../../src/core/operation-index.js';
import type { FuzzRequest } from './fuzz-request.js';
import { declaredTypes, effectiveSchema } from './schema-nodes.js';

/**
 * The fuzzers' own verdict on numeric parameter text, independent of the sandbox: a path, query or header parameter
 * whose schema is an integer (or number) is text a client writes from the number itself, so only plain decimal
 * notation is valid. These rules are written here on purpose, not imported, so that a sandbox bug in reading numbers
 * cannot make the fuzzer agree with it.
 *
 * integer: an optional "-", then one or more digits 0-9, nothing else ("10", "-3", "007").
 * number:  an integer, optionally followed by "." and one or more digits, optionally followed by "e" or "E", an
 *          optional "+" or "-", and one or more digits ("1.5", "-2e3", "4.0E-2").
 * Anything else is invalid: "", " 10", "+10", "10.", ".5", "0x0A", "1_000", "Infinity", and "1e1" or "1.0" for an integer.
 */

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/** Reads one or more digits from `at`; the index after them, or -1 when there is none. */
function digitsFrom(text: string, at: number): number {
  let end = at;
  while (isDigit(text[end])) end += 1;
  return end > at ? end : -1;
}

export function isDecimalInteger(text: string): boolean {
  const start = text.startsWith('-') ? 1 : 0;
  return digitsFrom(text, start) === text.length;
}

export function isDecimalNumber(text: string): boolean {
  let at = digitsFrom(text, text.startsWith('-') ? 1 : 0);
  if (at === -1) return false;
  if (text[at] === '.') {
    at = digitsFrom(text, at + 1);
    if (at === -1) return false;
  }
  if (text[at] === 'e' || text[at] === 'E') {
    const sign = text[at + 1] === '+' || text[at + 1] === '-' ? 1 : 0;
    at = digitsFrom(text, at + 1 + sign);
    if (at === -1) return false;
  }
  return at === text.length;
}

/** 'integer' or 'number' when the parameter (or each item of an array parameter) must be one, else undefined. */
export function numericKind(doc: OpenApiDocument, schemaNode: unknown): 'integer' | 'number' | undefined {
  let schema = effectiveSchema(doc, schemaNode);
  if (declaredTypes(schema)?.includes('array')) schema = effectiveSchema(doc, schema.items);
  const types = declaredTypes(schema) ?? [];
  // A parameter that may also be a string accepts any text as that string.
  if (types.includes('string')) return undefined;
  if (types.includes('number')) return 'number';
  return types.includes('integer') ? 'integer' : undefined;
}

/** The first numeric parameter of the request whose text is not plain decimal notation, as "<in> <name>: <text>". */
export function nonDecimalParameter(
  doc: OpenApiDocument,
  op: IndexedOperation,
  request: Pick<FuzzRequest, 'path' | 'query' | 'headers'>,
): string | undefined {
  for (const param of op.parameters) {
    if (param.in === 'cookie') continue;
    const kind = numericKind(doc, param.schema);
    if (!kind) continue;
    const group = param.in === 'path' ? request.path : param.in === 'query' ? request.query : request.headers;
    const name = param.in === 'header' ? param.name.toLowerCase() : param.name;
    const valid = kind === 'integer' ? isDecimalInteger : isDecimalNumber;
    for (const text of [group[name]].flat()) {
      if (typeof text === 'string' && !valid(text)) return `${param.in} ${param.name}: ${JSON.stringify(text)}`;
    }
  }
  return undefined;
}
