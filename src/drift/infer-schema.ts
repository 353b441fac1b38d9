import type { JsonObject } from '../core/openapi-document.js';
import { jsonType } from './schema-walk.js';

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;
const DATE = /^\d{4}-\d\d-\d\d$/;

/**
 * The narrowest plain schema an observed value fits: its type, a date format where the text is one, every
 * property it had (all required) and its items' schema. Never `{}`: an empty array says `maxItems: 0`.
 */
export function inferSchema(value: unknown): JsonObject {
  const type = jsonType(value);
  if (type === 'string') {
    const text = value as string;
    if (DATE_TIME.test(text)) return { type, format: 'date-time' };
    if (DATE.test(text)) return { type, format: 'date' };
    return { type };
  }
  if (type === 'array') {
    const items = value as unknown[];
    if (items.length === 0) return { type, maxItems: 0 };
    const schemas = items.map(inferSchema);
    const distinct = [...new Map(schemas.map((s) => [JSON.stringify(s), s])).values()];
    const [only] = distinct;
    return { type, items: distinct.length === 1 && only ? only : { anyOf: distinct } };
  }
  if (type === 'object') {
    const entries = Object.entries(value as JsonObject);
    if (entries.length === 0) return { type, maxProperties: 0 };
    return {
      type,
      required: entries.map(([k]) => k),
      properties: Object.fromEntries(entries.map(([k, v]) => [k, inferSchema(v)])),
    };
  }
  return { type };
}
