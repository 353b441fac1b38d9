import fc from 'fast-check';
import { ANNOTATION_FORMATS } from '../../../src/core/ajv-options.js';
import type { JsonObject } from '../../../src/core/openapi-document.js';
import { declaredTypes, type JsonType } from './schema-nodes.js';

/** Where a value travels: a JSON body keeps its types, a path, query or header parameter is always text. */
export type ValueContext = 'json' | 'parameter';

/**
 * Values meant to break one keyword of one schema node. They are not filtered here (a filter that can never pass
 * would spin forever): the case generator checks each against the generated validator and drops the valid ones.
 */
export interface Violation {
  rule: string;
  values: fc.Arbitrary<unknown>;
}

/** Oversized strings stay under the 1 MB body limit in JSON and under Node's 16 KB header limit in parameters. */
const OVERSIZED_MAX: Record<ValueContext, number> = { json: 200_000, parameter: 2_000 };

const ANY_TYPE: Record<JsonType, fc.Arbitrary<unknown>> = {
  null: fc.constant(null),
  boolean: fc.boolean(),
  integer: fc.integer(),
  number: fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
    .filter((n) => !Number.isInteger(n)),
  string: fc.string({ maxLength: 20 }),
  array: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.integer(), { maxKeys: 2 }),
};

function accepts(types: JsonType[], type: JsonType): boolean {
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function num(schema: JsonObject, keyword: string): number | undefined {
  return typeof schema[keyword] === 'number' ? (schema[keyword] as number) : undefined;
}

/** Text near a valid value: one character inserted, replaced or dropped, or the value doubled. */
function nearMiss(example: unknown): fc.Arbitrary<string> {
  const base = typeof example === 'string' && example.length > 0 ? example : 'value';
  return fc.oneof(
    fc
      .tuple(fc.nat({ max: base.length }), fc.string({ minLength: 1, maxLength: 2 }))
      .map(([at, s]) => base.slice(0, at) + s + base.slice(at)),
    fc
      .tuple(fc.nat({ max: base.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }))
      .map(([at, s]) => base.slice(0, at) + s + base.slice(at + 1)),
    fc.nat({ max: base.length - 1 }).map((at) => base.slice(0, at) + base.slice(at + 1)),
    fc.constant(base + base),
    fc.constant(base.toLowerCase() === base ? base.toUpperCase() : base.toLowerCase()),
  );
}

function numberViolations(schema: JsonObject, integer: boolean): Violation[] {
  const out: Violation[] = [];
  const below = (limit: number, inclusive: boolean) =>
    integer
      ? fc.integer({ min: Number.MIN_SAFE_INTEGER, max: inclusive ? Math.floor(limit) : Math.ceil(limit) - 1 })
      : fc.double({ min: -1e15, max: limit, maxExcluded: !inclusive, noNaN: true });
  const above = (limit: number, inclusive: boolean) =>
    integer
      ? fc.integer({ min: inclusive ? Math.ceil(limit) : Math.floor(limit) + 1, max: Number.MAX_SAFE_INTEGER })
      : fc.double({ min: limit, max: 1e15, minExcluded: !inclusive, noNaN: true });
  const minimum = num(schema, 'minimum');
  const exclusiveMinimum = num(schema, 'exclusiveMinimum');
  const maximum = num(schema, 'maximum');
  const exclusiveMaximum = num(schema, 'exclusiveMaximum');
  if (minimum !== undefined)
    out.push({ rule: `below minimum ${minimum}`, values: fc.oneof(fc.constant(minimum - 1), below(minimum, false)) });
  if (exclusiveMinimum !== undefined)
    out.push({
      rule: `not above exclusiveMinimum ${exclusiveMinimum}`,
      values: fc.oneof(fc.constant(exclusiveMinimum), below(exclusiveMinimum, true)),
    });
  if (maximum !== undefined)
    out.push({ rule: `above maximum ${maximum}`, values: fc.oneof(fc.constant(maximum + 1), above(maximum, false)) });
  if (exclusiveMaximum !== undefined)
    out.push({
      rule: `not below exclusiveMaximum ${exclusiveMaximum}`,
      values: fc.oneof(fc.constant(exclusiveMaximum), above(exclusiveMaximum, true)),
    });
  const multipleOf = num(schema, 'multipleOf');
  if (multipleOf !== undefined)
    out.push({
      rule: `not a multiple of ${multipleOf}`,
      values: fc.integer({ min: -1000, max: 1000 }).map((n) => n * multipleOf + multipleOf / 2),
    });
  return out;
}

function stringViolations(schema: JsonObject, example: unknown, context: ValueContext): Violation[] {
  const out: Violation[] = [];
  const minLength = num(schema, 'minLength');
  const maxLength = num(schema, 'maxLength');
  if (minLength !== undefined && minLength > 0)
    out.push({ rule: `shorter than minLength ${minLength}`, values: fc.string({ maxLength: minLength - 1 }) });
  if (maxLength !== undefined) {
    const oversized = fc
      .integer({ min: maxLength + 1, max: Math.max(maxLength + 1, OVERSIZED_MAX[context]) })
      .map((n) => 'x'.repeat(n));
    out.push({
      rule: `longer than maxLength ${maxLength}`,
      values: fc.oneof(fc.string({ minLength: maxLength + 1, maxLength: maxLength + 40 }), oversized),
    });
  }
  if (typeof schema.pattern === 'string') {
    out.push({
      rule: `breaks pattern ${schema.pattern}`,
      values: fc.oneof(nearMiss(example), fc.string({ maxLength: 30, unit: 'grapheme' })),
    });
  }
  if (typeof schema.format === 'string' && !(ANNOTATION_FORMATS as readonly string[]).includes(schema.format)) {
    out.push({
      rule: `breaks format ${schema.format}`,
      values: fc.oneof(nearMiss(example), fc.string({ maxLength: 30 })),
    });
  }
  return out;
}

/**
 * Text that JavaScript's `Number()` reads as the example's number but that is not the number written plainly: a sign,
 * spaces, a trailing point, hexadecimal, an exponent, digit separators, non-ASCII digits. Some are valid for a
 * `number` (`1e0`, `10.0`); the case generator keeps only those its oracle finds invalid.
 */
function numberLookalikes(example: unknown): string[] {
  const n = Math.abs(Math.trunc(Number(example))) || 10;
  const digits = String(n);
  const arabicIndic = [...digits].map((d) => String.fromCharCode(0x660 + Number(d))).join('');
  return [
    `+${digits}`,
    ` ${digits}`,
    `${digits} `,
    `${digits}.`,
    `${digits}.0`,
    `${digits}e0`,
    `0x${n.toString(16)}`,
    `${digits[0]}_${digits.slice(1) || '0'}`,
    arabicIndic,
    `${digits}n`,
  ];
}

/**
 * Candidate values that break `schema` at one node: a wrong JSON type (or, for a parameter, text that does not
 * coerce to the declared type), an unknown enum value, a number out of range, a string too short, too long, off
 * its pattern or its format, an array with too few or too many items.
 */
export function violationsOf(schema: JsonObject, example: unknown, context: ValueContext): Violation[] {
  const out: Violation[] = [];
  const types = declaredTypes(schema);
  if (types && context === 'json') {
    const wrong = (Object.keys(ANY_TYPE) as JsonType[]).filter((t) => !accepts(types, t)).map((t) => ANY_TYPE[t]);
    if (wrong.length > 0) out.push({ rule: `not of type ${types.join('|')}`, values: fc.oneof(...wrong) });
  }
  if (types && context === 'parameter' && !types.includes('string')) {
    if (types.includes('integer') || types.includes('number')) {
      out.push({
        rule: `not a ${types.join('|')}`,
        values: fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constant('1.5'),
          fc.constant('0x10'),
          fc.constant('1e'),
          fc.constantFrom(...numberLookalikes(example)),
        ),
      });
    } else if (types.includes('boolean')) {
      out.push({ rule: 'not a boolean', values: fc.string({ maxLength: 8 }) });
    }
  }
  if (Array.isArray(schema.enum)) {
    const allowed = schema.enum as unknown[];
    const near = allowed.filter((v): v is string => typeof v === 'string').map((v) => nearMiss(v));
    out.push({ rule: `not one of ${allowed.join(', ')}`, values: fc.oneof(fc.string({ maxLength: 12 }), ...near) });
  }
  if ('const' in schema)
    out.push({
      rule: `not the constant ${String(schema.const)}`,
      values: fc.oneof(fc.string({ maxLength: 12 }), fc.integer()),
    });
  const numeric = types?.some((t) => t === 'integer' || t === 'number');
  if (numeric) out.push(...numberViolations(schema, !types!.includes('number')));
  if (!types || types.includes('string')) out.push(...stringViolations(schema, example, context));
  if (context === 'json' && (!types || types.includes('array'))) {
    const items = Array.isArray(example) ? example : [];
    const minItems = num(schema, 'minItems');
    const maxItems = num(schema, 'maxItems');
    if (minItems !== undefined && minItems > 0)
      out.push({
        rule: `fewer than minItems ${minItems}`,
        values: fc.nat({ max: minItems - 1 }).map((n) => items.slice(0, n)),
      });
    if (maxItems !== undefined) {
      out.push({
        rule: `more than maxItems ${maxItems}`,
        values: fc
          .integer({ min: maxItems + 1, max: maxItems + 200 })
          .map((n) => Array.from({ length: n }, (_, i) => items[i % Math.max(items.length, 1)] ?? null)),
      });
    }
    if (schema.uniqueItems === true && items.length > 0)
      out.push({ rule: 'duplicate items', values: fc.constant([items[0], items[0]]) });
  }
  if (context === 'parameter') {
    // Parameters travel as text: numbers are written as the client would write them.
    return out.map((v) => ({
      rule: v.rule,
      values: v.values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))),
    }));
  }
  return out;
}
