import { deref, type JsonObject, type OpenApiDocument } from '../../../src/core/openapi-document.js';

export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The keywords that apply at one schema node: `$ref`s followed and `allOf` parts merged (properties and `required`
 * united, the first part's value kept for any other keyword). `oneOf`/`anyOf` stay as they are.
 */
export function effectiveSchema(doc: OpenApiDocument, node: unknown): JsonObject {
  const schema = deref<JsonObject>(doc, node ?? {});
  if (!isObject(schema)) return {};
  const parts = Array.isArray(schema.allOf)
    ? (schema.allOf as unknown[]).map((part) => effectiveSchema(doc, part))
    : [];
  const { allOf: _allOf, ...own } = schema;
  const merged: JsonObject = { ...own };
  const properties: Record<string, unknown> = { ...((own.properties as JsonObject | undefined) ?? {}) };
  const required = new Set<string>(Array.isArray(own.required) ? (own.required as string[]) : []);
  for (const part of parts) {
    for (const [name, sub] of Object.entries((part.properties as JsonObject | undefined) ?? {})) {
      properties[name] = name in properties ? { allOf: [properties[name], sub] } : sub;
    }
    for (const name of Array.isArray(part.required) ? (part.required as string[]) : []) required.add(name);
    for (const [keyword, value] of Object.entries(part)) if (!(keyword in merged)) merged[keyword] = value;
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/** The JSON types a schema declares, or undefined when it declares none. */
export function declaredTypes(schema: JsonObject): JsonType[] | undefined {
  if (typeof schema.type === 'string') return [schema.type as JsonType];
  if (Array.isArray(schema.type)) return schema.type as JsonType[];
  if ('const' in schema) return [jsonTypeOf(schema.const)];
  if (Array.isArray(schema.enum)) return [...new Set((schema.enum as unknown[]).map(jsonTypeOf))];
  if (isObject(schema.properties)) return ['object'];
  return undefined;
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** Whether a value has one of the declared types (an integer is a number, as in JSON Schema). */
export function hasDeclaredType(types: JsonType[], value: unknown): boolean {
  const actual = jsonTypeOf(value);
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

export function requiredOf(schema: JsonObject): string[] {
  return Array.isArray(schema.required) ? (schema.required as string[]) : [];
}

export function propertiesOf(schema: JsonObject): Record<string, unknown> {
  return isObject(schema.properties) ? schema.properties : {};
}

/** The branches of a `oneOf`/`anyOf`, empty when the node has none. */
export function branchesOf(schema: JsonObject): unknown[] {
  return [...(Array.isArray(schema.oneOf) ? schema.oneOf : []), ...(Array.isArray(schema.anyOf) ? schema.anyOf : [])];
}

export { isObject };
