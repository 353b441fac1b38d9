import { deref, type JsonObject, type OpenApiDocument } from '../openapi-document.js';
import type { IndexedOperation } from '../operation-index.js';
import type { ValidationError } from '../validation.js';
import type { RequestParameters } from './types.js';

const INTEGER_TEXT = /^-?[0-9]+$/;
const NUMBER_TEXT = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

function numericTypes(doc: OpenApiDocument, node: unknown): string[] {
  const schema = deref<JsonObject>(doc, node ?? {});
  const item = schema.type === 'array' ? deref<JsonObject>(doc, schema.items ?? {}) : schema;
  const own = item.type ?? deref<JsonObject>(doc, (item.allOf as unknown[] | undefined)?.[0] ?? {}).type;
  const types = [own].flat().filter((t): t is string => typeof t === 'string');
  return types.includes('string') ? [] : types.filter((t) => t === 'integer' || t === 'number');
}

interface NumericParameter {
  in: 'path' | 'query' | 'header';
  name: string;
  types: string[];
  pattern: RegExp;
}

/** Each operation's numeric parameters, read from the spec once (this check runs on every request). */
const numericByOperation = new WeakMap<IndexedOperation, NumericParameter[]>();

function numericParameters(doc: OpenApiDocument, op: IndexedOperation): NumericParameter[] {
  let found = numericByOperation.get(op);
  if (found) return found;
  found = [];
  for (const param of op.parameters) {
    if (param.in === 'cookie') continue;
    const types = numericTypes(doc, param.schema);
    if (types.length === 0) continue;
    const name = param.in === 'header' ? param.name.toLowerCase() : param.name;
    found.push({ in: param.in, name, types, pattern: types.includes('number') ? NUMBER_TEXT : INTEGER_TEXT });
  }
  numericByOperation.set(op, found);
  return found;
}

/**
 * The first numeric path, query or header parameter that is not written as a decimal number. The generated parameter
 * validators coerce text with JavaScript's `Number()`, which also reads " 10", "0x0A", "+10", "10." and (for an
 * integer) "1e1" as 10; a client writes the number itself, so such text is refused as the wrong type.
 */
export function malformedNumber(
  doc: OpenApiDocument,
  op: IndexedOperation,
  params: RequestParameters,
): ValidationError | undefined {
  for (const { in: where, name, types, pattern } of numericParameters(doc, op)) {
    const value = params[where][name];
    for (const text of Array.isArray(value) ? value : [value]) {
      if (typeof text === 'string' && !pattern.test(text)) {
        return {
          instancePath: `/${where}/${name}`,
          schemaPath: '#/type',
          keyword: 'type',
          params: { type: types.join(',') },
          message: `must be ${types.join(' or ')}`,
        };
      }
    }
  }
  return undefined;
}
