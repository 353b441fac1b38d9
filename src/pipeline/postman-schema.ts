import { ANNOTATION_FORMATS } from '../core/ajv-options.js';
import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';
import { rewriteSchemaRefs } from './json-schemas.js';

/*
 * Postman's `pm.response.to.have.jsonSchema` (postman-sandbox 4.7, in newman 6.2) validates with ajv 6, which knows
 * JSON Schema draft-07 and not our 2020-12. The response schemas are embedded in draft-07 form: every keyword we use
 * has the same meaning there except `dependentRequired` (draft-07 `dependencies`) and `$ref` with siblings (ignored
 * by draft-07, so wrapped in `allOf`). Annotations are dropped, and so are OpenAPI's annotation formats (`int32`, …),
 * which our own validators also treat as annotations. A keyword with no draft-07 form fails the build.
 */

const ANNOTATIONS = new Set([
  'title',
  'description',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
  '$comment',
  'discriminator',
  'externalDocs',
  'xml',
]);
/** keywords whose value is a schema */
const ONE_SCHEMA = new Set(['items', 'not', 'if', 'then', 'else', 'additionalProperties', 'propertyNames', 'contains']);
/** keywords whose value is a list of schemas */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
/** keywords whose value maps names to schemas */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs']);
/** keywords whose value is data, the same in draft-07 */
const PLAIN = new Set([
  'type',
  'enum',
  'const',
  'required',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minProperties',
  'maxProperties',
  '$ref',
]);
/** the formats ajv 6 checks; any other would make it refuse to compile the schema */
const AJV6_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'uri',
  'uri-reference',
  'uri-template',
  'url',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'relative-json-pointer',
]);

function isObject(node: unknown): node is JsonObject {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function downgradeKeyword(key: string, value: unknown, where: string, out: JsonObject): void {
  if (key.startsWith('x-') || ANNOTATIONS.has(key)) return;
  if (key === 'format') {
    if ((ANNOTATION_FORMATS as readonly unknown[]).includes(value)) return;
    if (!AJV6_FORMATS.has(String(value)))
      throw new Error(
        `${where}: format "${String(value)}" is unknown to Postman's ajv 6; list it in postman-schema.ts.`,
      );
    out.format = value;
  } else if (key === 'dependentRequired') out.dependencies = value;
  else if (ONE_SCHEMA.has(key)) out[key] = toDraft07(value, `${where}/${key}`);
  else if (SCHEMA_LISTS.has(key) && Array.isArray(value))
    out[key] = value.map((v, i) => toDraft07(v, `${where}/${key}/${i}`));
  else if (SCHEMA_MAPS.has(key) && isObject(value))
    out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDraft07(v, `${where}/${key}/${k}`)]));
  else if (PLAIN.has(key)) out[key] = value;
  else
    throw new Error(
      `${where}: the keyword "${key}" has no draft-07 form for Postman's ajv 6; teach src/pipeline/postman-schema.ts.`,
    );
}

/** One schema node in draft-07 form; `where` names it in errors. */
export function toDraft07(schema: unknown, where: string): unknown {
  if (typeof schema === 'boolean') return schema;
  if (!isObject(schema)) throw new Error(`${where}: a schema must be an object or a boolean.`);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) downgradeKeyword(key, value, where, out);
  if (out.$ref !== undefined && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }], ...rest };
  }
  return out;
}

const COMPONENT = /^#\/components\/schemas\/([^/]+)/;

/** The component schemas `schema` needs, directly or through one another. */
function componentsUsed(doc: OpenApiDocument, schema: unknown): string[] {
  const all = ((doc.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const match = key === '$ref' && typeof value === 'string' ? COMPONENT.exec(value)?.[1] : undefined;
      const name = match === undefined ? undefined : decodeURIComponent(match);
      if (name === undefined) visit(value);
      else if (!found.has(name)) {
        found.add(name);
        if (!(name in all)) throw new Error(`Schema ref "${String(value)}" names no component schema.`);
        visit(all[name]);
      }
    }
  };
  visit(schema);
  return [...found].sort();
}

/**
 * A response schema of the spec as one self-contained draft-07 schema: the components it uses go under
 * `definitions`, and refs point there.
 */
export function embeddedSchema(doc: OpenApiDocument, schema: JsonObject, where: string): JsonObject {
  const all = ((doc.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  const local = (name: string, rest: string) => `#/definitions/${name}${rest.slice(1)}`;
  const converted = toDraft07(rewriteSchemaRefs(schema, local), where) as JsonObject;
  const names = componentsUsed(doc, schema);
  if (names.length === 0) return converted;
  // draft-07 ignores a $ref's siblings, `definitions` among them
  const root = converted.$ref === undefined ? converted : { allOf: [converted] };
  const definitions = Object.fromEntries(
    names.map((name) => [name, toDraft07(rewriteSchemaRefs(all[name], local), `#/components/schemas/${name}`)]),
  );
  return { ...root, definitions };
}
