import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';
import type { RuleId } from './rules.js';

/** Who sends the data the schema describes, which decides whether a change is breaking. */
export type SchemaSide = 'request-property' | 'request-parameter' | 'response-property' | 'webhook-property';

export interface SchemaFinding {
  id: RuleId;
  /** JSON pointer-like path inside the schema, `''` for the schema itself */
  pointer: string;
  detail: string;
}

type Kind =
  | 'removed'
  | 'added-required'
  | 'added-optional'
  | 'became-required'
  | 'became-optional'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'type-widened'
  | 'type-narrowed'
  | 'type-changed'
  | 'max-length-decreased'
  | 'min-length-increased'
  | 'max-decreased'
  | 'min-increased'
  | 'pattern-changed';

/** The rule for a kind of schema change, by side; `undefined` means the change is not reported on that side. */
const RULE_BY_SIDE: Record<SchemaSide, Partial<Record<Kind, RuleId>>> = {
  'request-property': {
    'added-required': 'new-required-request-property',
    'added-optional': 'new-optional-request-property',
    removed: 'request-property-removed',
    'became-required': 'request-property-became-required',
    'became-optional': 'request-property-became-optional',
    'enum-value-removed': 'request-property-enum-value-removed',
    'enum-value-added': 'request-property-enum-value-added',
    'type-widened': 'request-property-type-generalized',
    'type-narrowed': 'request-property-type-changed',
    'type-changed': 'request-property-type-changed',
    'max-length-decreased': 'request-property-max-length-decreased',
    'min-length-increased': 'request-property-min-length-increased',
    'max-decreased': 'request-property-max-decreased',
    'min-increased': 'request-property-min-increased',
    'pattern-changed': 'request-property-pattern-changed',
  },
  'request-parameter': {
    'enum-value-removed': 'request-parameter-enum-value-removed',
    'enum-value-added': 'request-parameter-enum-value-added',
    'type-widened': 'request-parameter-type-generalized',
    'type-narrowed': 'request-parameter-type-changed',
    'type-changed': 'request-parameter-type-changed',
    'max-length-decreased': 'request-parameter-max-length-decreased',
    'min-length-increased': 'request-parameter-min-length-increased',
    'max-decreased': 'request-parameter-max-decreased',
    'min-increased': 'request-parameter-min-increased',
    'pattern-changed': 'request-parameter-pattern-changed',
  },
  'response-property': {
    removed: 'response-property-removed',
    'added-required': 'response-property-added',
    'added-optional': 'response-property-added',
    'became-optional': 'response-property-became-optional',
    'became-required': 'response-property-became-required',
    'enum-value-added': 'response-property-enum-value-added',
    'enum-value-removed': 'response-property-enum-value-removed',
    'type-widened': 'response-property-type-changed',
    'type-changed': 'response-property-type-changed',
    'type-narrowed': 'response-property-type-narrowed',
  },
  'webhook-property': {
    removed: 'webhook-property-removed',
    'added-required': 'webhook-property-added',
    'added-optional': 'webhook-property-added',
    'became-optional': 'webhook-property-became-optional',
    'became-required': 'webhook-property-became-required',
    'enum-value-added': 'webhook-property-enum-value-added',
    'enum-value-removed': 'webhook-property-enum-value-removed',
    'type-widened': 'webhook-property-type-changed',
    'type-changed': 'webhook-property-type-changed',
    'type-narrowed': 'webhook-property-type-narrowed',
  },
};

interface Flat {
  types?: Set<string>;
  enum?: Set<string>;
  properties: Record<string, unknown>;
  required: Set<string>;
  items?: unknown;
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  pattern?: string;
  /** the refs followed to reach this schema, to stop on cycles */
  refs: string[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolve(doc: OpenApiDocument, node: unknown, refs: string[]): { schema: JsonObject; refs: string[] } {
  let current = node;
  const seen = [...refs];
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
    const ref = current.$ref;
    seen.push(ref);
    if (!ref.startsWith('#/')) return { schema: {}, refs: seen };
    let target: unknown = doc;
    for (const raw of ref.slice(2).split('/'))
      target = isObject(target) ? target[decodeURIComponent(raw.replace(/~1/g, '/').replace(/~0/g, '~'))] : undefined;
    current = target;
  }
  return { schema: isObject(current) ? current : {}, refs: seen };
}

/** A schema with refs followed and allOf merged, reduced to what the comparison reads. */
function flatten(doc: OpenApiDocument, node: unknown, refs: string[] = []): Flat {
  const { schema, refs: followed } = resolve(doc, node, refs);
  const flat: Flat = { properties: {}, required: new Set(), refs: followed };
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const inner = flatten(doc, part, followed);
    Object.assign(flat.properties, inner.properties);
    for (const r of inner.required) flat.required.add(r);
    flat.types ??= inner.types;
    flat.enum ??= inner.enum;
    flat.items ??= inner.items;
  }
  if (schema.type !== undefined)
    flat.types = new Set(Array.isArray(schema.type) ? schema.type.map(String) : [String(schema.type)]);
  if (schema.nullable === true) flat.types?.add('null');
  if (Array.isArray(schema.enum)) flat.enum = new Set(schema.enum.map((v) => JSON.stringify(v)));
  else if (schema.const !== undefined) flat.enum = new Set([JSON.stringify(schema.const)]);
  if (isObject(schema.properties)) Object.assign(flat.properties, schema.properties);
  if (Array.isArray(schema.required)) for (const r of schema.required) flat.required.add(String(r));
  if (schema.items !== undefined) flat.items = schema.items;
  for (const key of ['maxLength', 'minLength', 'maximum', 'minimum'] as const)
    if (typeof schema[key] === 'number') flat[key] = schema[key] as number;
  if (typeof schema.pattern === 'string') flat.pattern = schema.pattern;
  return flat;
}

const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));
/** `integer` values are numbers, so integer → number widens and number → integer narrows. */
function normalisedTypes(types: Set<string>): Set<string> {
  return types.has('number') ? new Set([...types, 'integer']) : types;
}

type Report = (kind: Kind, pointer: string, detail: string) => void;

/** Type, enum, bound and pattern changes at one place in a schema. */
function compareScalars(before: Flat, after: Flat, pointer: string, report: Report): void {
  if (before.types && after.types) {
    const oldTypes = normalisedTypes(before.types);
    const newTypes = normalisedTypes(after.types);
    const was = [...before.types].join('|');
    const now = [...after.types].join('|');
    if (was !== now) {
      if (subset(oldTypes, newTypes) && !subset(newTypes, oldTypes))
        report('type-widened', pointer, `type ${was} → ${now}`);
      else if (subset(newTypes, oldTypes) && !subset(oldTypes, newTypes))
        report('type-narrowed', pointer, `type ${was} → ${now}`);
      else if (!subset(oldTypes, newTypes) || !subset(newTypes, oldTypes))
        report('type-changed', pointer, `type ${was} → ${now}`);
    }
  }
  if (before.enum && after.enum) {
    for (const v of before.enum)
      if (!after.enum.has(v)) report('enum-value-removed', pointer, `enum value ${v} removed`);
    for (const v of after.enum) if (!before.enum.has(v)) report('enum-value-added', pointer, `enum value ${v} added`);
  } else if (!before.enum && after.enum) {
    report('enum-value-removed', pointer, `values restricted to ${[...after.enum].join(', ')}`);
  }
  const tighter = (name: 'maxLength' | 'maximum', kind: Kind) => {
    const was = before[name];
    const now = after[name];
    if (now !== undefined && (was === undefined || now < was))
      report(kind, pointer, `${name} ${was ?? 'none'} → ${now}`);
  };
  const higher = (name: 'minLength' | 'minimum', kind: Kind) => {
    const was = before[name];
    const now = after[name];
    if (now !== undefined && (was === undefined || now > was))
      report(kind, pointer, `${name} ${was ?? 'none'} → ${now}`);
  };
  tighter('maxLength', 'max-length-decreased');
  higher('minLength', 'min-length-increased');
  tighter('maximum', 'max-decreased');
  higher('minimum', 'min-increased');
  if (after.pattern !== undefined && after.pattern !== before.pattern)
    report('pattern-changed', pointer, `pattern ${before.pattern ?? 'none'} → ${after.pattern}`);
}

/**
 * Compares two versions of a schema and reports each change with the rule for `side`: the same change (a removed
 * enum value, a new required field) breaks clients when they send the data and not when they receive it.
 */
export function diffSchemas(
  oldDoc: OpenApiDocument,
  oldSchema: unknown,
  newDoc: OpenApiDocument,
  newSchema: unknown,
  side: SchemaSide,
): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  const report: Report = (kind, pointer, detail) => {
    const id = RULE_BY_SIDE[side][kind];
    if (id) findings.push({ id, pointer, detail });
  };

  const walk = (a: unknown, b: unknown, pointer: string, oldRefs: string[], newRefs: string[]) => {
    const before = flatten(oldDoc, a, oldRefs);
    const after = flatten(newDoc, b, newRefs);
    // A recursive schema is compared down to the first place where a ref comes back into itself.
    if (before.refs.length > new Set(before.refs).size || after.refs.length > new Set(after.refs).size) return;

    compareScalars(before, after, pointer, report);

    for (const name of Object.keys(before.properties)) {
      const at = `${pointer}/${name}`;
      if (!(name in after.properties)) {
        report('removed', at, 'removed');
        continue;
      }
      if (!before.required.has(name) && after.required.has(name)) report('became-required', at, 'became required');
      if (before.required.has(name) && !after.required.has(name)) report('became-optional', at, 'became optional');
      walk(before.properties[name], after.properties[name], at, before.refs, after.refs);
    }
    for (const name of Object.keys(after.properties)) {
      if (name in before.properties) continue;
      const required = after.required.has(name);
      report(
        required ? 'added-required' : 'added-optional',
        `${pointer}/${name}`,
        required ? 'added, required' : 'added, optional',
      );
    }
    if (before.items !== undefined && after.items !== undefined)
      walk(before.items, after.items, `${pointer}/[]`, before.refs, after.refs);
  };

  walk(oldSchema, newSchema, '', [], []);
  return findings;
}
