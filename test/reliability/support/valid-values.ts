import fc from 'fast-check';
import { ANNOTATION_FORMATS } from '../../../src/core/ajv-options.js';
import type { JsonObject, OpenApiDocument } from '../../../src/core/openapi-document.js';
import { branchesOf, declaredTypes, effectiveSchema, isObject, propertiesOf, requiredOf } from './schema-nodes.js';

const MAX_DEPTH = 6;
/** How far past a lower bound generated numbers and lengths go when the schema sets no upper one. */
const SPAN = 100_000;

function num(schema: JsonObject, keyword: string): number | undefined {
  return typeof schema[keyword] === 'number' ? (schema[keyword] as number) : undefined;
}

/**
 * fast-check builds a URL's and an e-mail address's arbitrary from large character tables each time it is asked
 * for one; arbitraries are immutable, so every URL or e-mail field shares one of each.
 */
const shared = new Map<string, fc.Arbitrary<string>>();
function once(name: string, build: () => fc.Arbitrary<string>): fc.Arbitrary<string> {
  const known = shared.get(name) ?? build();
  shared.set(name, known);
  return known;
}

function stringValue(schema: JsonObject): fc.Arbitrary<string> {
  const minLength = num(schema, 'minLength') ?? 0;
  const maxLength = Math.max(minLength, Math.min(num(schema, 'maxLength') ?? minLength + 24, minLength + 24));
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern));
    } catch {
      // A pattern fast-check cannot generate from: plain strings, which the validator then mostly discards.
    }
  }
  const format =
    typeof schema.format === 'string' && !(ANNOTATION_FORMATS as readonly string[]).includes(schema.format)
      ? schema.format
      : undefined;
  const date = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  });
  if (format === 'date-time') return date.map((d) => d.toISOString());
  if (format === 'date') return date.map((d) => d.toISOString().slice(0, 10));
  if (format === 'email') return once('email', () => fc.emailAddress());
  if (format === 'uri' || format === 'url') return once('url', () => fc.webUrl());
  if (format === 'uuid') return fc.uuid();
  return fc.string({ minLength, maxLength });
}

function numberValue(schema: JsonObject, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMinimum = num(schema, 'exclusiveMinimum');
  const exclusiveMaximum = num(schema, 'exclusiveMaximum');
  let min =
    num(schema, 'minimum') ?? (exclusiveMinimum !== undefined ? exclusiveMinimum + (integer ? 1 : 0.01) : undefined);
  let max =
    num(schema, 'maximum') ?? (exclusiveMaximum !== undefined ? exclusiveMaximum - (integer ? 1 : 0.01) : undefined);
  min ??= max !== undefined ? max - SPAN : -SPAN;
  max ??= min + SPAN;
  const multipleOf = num(schema, 'multipleOf');
  if (multipleOf !== undefined)
    return fc
      .integer({ min: Math.ceil(min / multipleOf), max: Math.floor(max / multipleOf) })
      .map((n) => n * multipleOf);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  // Amounts are usually written with at most two decimals; a few values get more.
  return fc.oneof(
    fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((n) => n / 100),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
  );
}

/**
 * Values a schema accepts, generated from its keywords: enums and constants, strings from their pattern or format
 * within their lengths, numbers within their bounds, arrays within their item counts, objects with their required
 * properties and any of the optional ones. Cross-field rules are not modelled: the caller keeps what the generated
 * validator accepts.
 */
export function validValue(doc: OpenApiDocument, node: unknown, depth = 0): fc.Arbitrary<unknown> {
  const s = effectiveSchema(doc, node);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const types = declaredTypes(s);
  if (!types) {
    const branches = branchesOf(s);
    return branches.length > 0 && depth < MAX_DEPTH
      ? fc.oneof(...branches.map((b) => validValue(doc, b, depth + 1)))
      : fc.oneof(fc.string({ maxLength: 8 }), fc.integer());
  }
  const arbitraries = types.map((type): fc.Arbitrary<unknown> => {
    if (type === 'null') return fc.constant(null);
    if (type === 'boolean') return fc.boolean();
    if (type === 'string') return stringValue(s);
    if (type === 'integer' || type === 'number') return numberValue(s, type === 'integer');
    if (type === 'array') {
      const minLength = num(s, 'minItems') ?? 0;
      const maxLength = Math.min(num(s, 'maxItems') ?? minLength + 3, minLength + 3);
      const items =
        depth < MAX_DEPTH && s.items !== undefined ? validValue(doc, s.items, depth + 1) : fc.constant(null);
      return s.uniqueItems === true
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(items, { minLength, maxLength });
    }
    return objectValue(doc, s, depth);
  });
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}

function objectValue(doc: OpenApiDocument, s: JsonObject, depth: number): fc.Arbitrary<unknown> {
  const properties = propertiesOf(s);
  if (depth >= MAX_DEPTH) return fc.constant({});
  if (Object.keys(properties).length === 0 && isObject(s.additionalProperties)) {
    return fc.dictionary(
      fc.string({ minLength: 1, maxLength: 10 }),
      validValue(doc, s.additionalProperties, depth + 1),
      { maxKeys: 3 },
    );
  }
  const record = Object.fromEntries(
    Object.entries(properties).map(([name, sub]) => [name, validValue(doc, sub, depth + 1)]),
  );
  return fc.record(record, { requiredKeys: requiredOf(s).filter((name) => name in record) });
}

/**
 * Values near a valid example: each part of it is kept or replaced by a generated valid value, optional properties
 * it leaves out may be added, and the `pinned` top-level properties (a test card, a client secret) stay as they are.
 */
export function variedValue(
  doc: OpenApiDocument,
  node: unknown,
  example: unknown,
  pinned: readonly string[] = [],
  depth = 0,
): fc.Arbitrary<unknown> {
  if (example === undefined) return validValue(doc, node, depth);
  const s = effectiveSchema(doc, node);
  const properties = propertiesOf(s);
  if (isObject(example) && Object.keys(properties).length > 0 && depth < MAX_DEPTH) {
    const required = new Set(requiredOf(s));
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const name of new Set([...Object.keys(example), ...Object.keys(properties)])) {
      if (!(name in example)) record[name] = validValue(doc, properties[name], depth + 1);
      else if (pinned.includes(name) || !(name in properties)) record[name] = fc.constant(example[name]);
      else record[name] = variedValue(doc, properties[name], example[name], [], depth + 1);
    }
    // The example's properties stay unless optional; the pinned ones always stay.
    return fc.record(record, {
      requiredKeys: Object.keys(example).filter((name) => required.has(name) || pinned.includes(name)),
    });
  }
  if (Array.isArray(example) && example.length > 0 && s.items !== undefined && depth < MAX_DEPTH) {
    const minLength = Math.max(1, num(s, 'minItems') ?? 0);
    const maxLength = Math.max(minLength, Math.min(num(s, 'maxItems') ?? minLength + 2, minLength + 2));
    return fc.oneof(
      fc.constant(example),
      fc.array(variedValue(doc, s.items, example[0], [], depth + 1), { minLength, maxLength }),
    );
  }
  return fc.oneof({ arbitrary: fc.constant(example), weight: 1 }, { arbitrary: validValue(doc, s, depth), weight: 2 });
}
