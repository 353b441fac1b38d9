import { deref, type JsonObject, type OpenApiDocument } from '../../src/core/openapi-document.js';

export interface InvalidBody {
  /** what was broken, for the test name */
  mutation: string;
  body: unknown;
}

function wrongTypeValue(schema: JsonObject): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') return 12345;
  if (type === 'integer' || type === 'number') return 'not-a-number';
  if (type === 'boolean') return 'not-a-boolean';
  if (type === 'array') return { not: 'an array' };
  return ['not', 'an', 'object'];
}

/** Collects `required` and `properties` through allOf, so composed schemas are broken too. */
function flatten(
  doc: OpenApiDocument,
  schema: JsonObject,
): { required: string[]; properties: Record<string, JsonObject> } {
  const s = deref<JsonObject>(doc, schema);
  const required = Array.isArray(s.required) ? (s.required as string[]) : [];
  const properties: Record<string, JsonObject> = {};
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, JsonObject>))
    properties[k] = deref(doc, v);
  for (const part of Array.isArray(s.allOf) ? (s.allOf as JsonObject[]) : []) {
    const inner = flatten(doc, part);
    required.push(...inner.required);
    Object.assign(properties, inner.properties);
  }
  return { required, properties };
}

/**
 * Breaks a valid example body in a way the schema forbids: a missing required field first, else a field of the
 * wrong type, else a body of the wrong JSON type. The caller checks the result really is invalid.
 */
export function invalidBodies(doc: OpenApiDocument, schema: JsonObject, example: unknown): InvalidBody[] {
  const out: InvalidBody[] = [];
  const { required, properties } = flatten(doc, schema);
  if (example && typeof example === 'object' && !Array.isArray(example)) {
    const present = required.find((name) => name in (example as object));
    if (present) {
      const { [present]: _dropped, ...rest } = example as Record<string, unknown>;
      out.push({ mutation: `missing required "${present}"`, body: rest });
    }
    const typed = Object.entries(properties).find(([name, p]) => name in (example as object) && p.type !== undefined);
    if (typed)
      out.push({
        mutation: `"${typed[0]}" of the wrong type`,
        body: { ...(example as object), [typed[0]]: wrongTypeValue(typed[1]) },
      });
  }
  out.push({
    mutation: 'body of the wrong JSON type',
    body: wrongTypeValue(deref<JsonObject>(doc, schema).type ? deref<JsonObject>(doc, schema) : { type: 'object' }),
  });
  return out;
}
