import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';
import { REDACTED } from '../core/redact.js';
import { escapePointerToken } from '../pipeline/inference-ledger.js';
import type { SpecValidator } from './spec-validator.js';
import type { Finding } from './types.js';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node at a JSON pointer (arrays too), or undefined where there is none. */
export function nodeAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

/** The JSON type of a value, `integer` for whole numbers. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A value the redaction changed cannot be held to a string rule: its original met it or not, unknown now. */
export function redacted(value: unknown): boolean {
  return typeof value === 'string' && (value.includes(REDACTED) || /\d\*{2,}\d/.test(value));
}

/** One string or number keyword, as JSON Schema reads it (a rule of another type, or a malformed one, holds). */
function ruleHolds(rule: string, limit: unknown, value: unknown): boolean {
  if (typeof value === 'string') {
    const length = [...value].length;
    if (rule === 'pattern' && typeof limit === 'string') return new RegExp(limit, 'u').test(value);
    if (rule === 'minLength' && typeof limit === 'number') return length >= limit;
    if (rule === 'maxLength' && typeof limit === 'number') return length <= limit;
    return true;
  }
  if (typeof value !== 'number' || typeof limit !== 'number') return true;
  if (rule === 'minimum') return value >= limit;
  if (rule === 'maximum') return value <= limit;
  if (rule === 'exclusiveMinimum') return value > limit;
  if (rule === 'exclusiveMaximum') return value < limit;
  if (rule === 'multipleOf') return Number.isInteger(value / limit);
  return true;
}

const STRING_RULES = ['pattern', 'minLength', 'maxLength'] as const;
const NUMBER_RULES = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'] as const;

/**
 * Walks a body alongside its schema in the bundled spec and names each difference at the pointer of the schema
 * node that states the broken fact (`/components/schemas/PaymentStatus/enum`), where the generic validator would
 * give a path through its own compiled schema. Nodes the body exercised without a difference are `touched`.
 */
export class SchemaWalker {
  readonly touched = new Set<string>();

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly validator: SpecValidator,
    readonly findings: Finding[] = [],
  ) {}

  /** Follows `$ref`s to the node that holds the schema, with its pointer. */
  resolve(pointer: string, node: unknown): { pointer: string; node: unknown } {
    let at = pointer;
    let current = node;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
      at = current.$ref.slice(1);
      current = nodeAt(this.doc, current.$ref.slice(1));
    }
    return { pointer: at, node: current };
  }

  walk(value: unknown, pointer: string, instancePath = '', inBranch = false): void {
    const { pointer: at, node } = this.resolve(pointer, nodeAt(this.doc, pointer));
    if (!isObject(node)) return;
    const before = this.findings.length;
    if (Array.isArray(node.allOf))
      node.allOf.forEach((_, i) => {
        this.walk(value, `${at}/allOf/${i}`, instancePath, true);
      });
    for (const keyword of ['oneOf', 'anyOf'] as const)
      if (Array.isArray(node[keyword])) this.walkBranch(value, at, keyword, node[keyword].length, instancePath);
    if (this.checkScalar(value, at, node, instancePath)) {
      if (isObject(value)) this.walkObject(value, at, node, instancePath, inBranch);
      if (Array.isArray(value) && node.items !== undefined)
        value.forEach((item, i) => {
          this.walk(item, `${at}/items`, `${instancePath}/${i}`);
        });
    }
    if (this.findings.length === before) this.touched.add(at);
  }

  /**
   * A whole body against the schema at `schemaPointer` (a response's or a webhook's): each difference where the spec
   * states it, else the validator's first failing keyword at the schema.
   */
  walkBody(body: unknown, schemaPointer: string, schema: unknown): void {
    const before = this.findings.length;
    this.walk(body, schemaPointer);
    const verdict = this.validator.validate(schemaPointer, body);
    // A redacted value (a masked phone number that looked like a card) says nothing about the provider's.
    const masked = verdict.instancePath !== undefined && redacted(nodeAt(body, verdict.instancePath));
    if (this.findings.length === before && !verdict.valid && !masked)
      this.add({
        kind: 'schema',
        pointer: this.resolve(schemaPointer, schema).pointer,
        keyword: verdict.keyword,
        expected: verdict.message,
        observed: verdict.instancePath,
      });
  }

  /** oneOf / anyOf: the branch the value satisfies, else the one it differs from least. */
  private walkBranch(value: unknown, at: string, keyword: string, count: number, instancePath: string): void {
    let best: { index: number; walker: SchemaWalker } | undefined;
    for (let i = 0; i < count; i++) {
      const trial = new SchemaWalker(this.doc, this.validator);
      trial.walk(value, `${at}/${keyword}/${i}`, instancePath);
      const valid = this.validator.validate(`${at}/${keyword}/${i}`, value).valid;
      if (valid || !best || trial.findings.length < best.walker.findings.length) best = { index: i, walker: trial };
      if (valid) break;
    }
    if (!best) return;
    this.findings.push(...best.walker.findings);
    for (const p of best.walker.touched) this.touched.add(p);
  }

  /** Type, enum and the string and number rules; false when the type is wrong and nothing below is worth reading. */
  private checkScalar(value: unknown, at: string, node: JsonObject, instancePath: string): boolean {
    const observed = jsonType(value);
    if (node.type !== undefined) {
      const types = Array.isArray(node.type) ? node.type : [node.type];
      if (!types.includes(observed) && !(observed === 'integer' && types.includes('number'))) {
        this.add({ kind: 'type', pointer: `${at}/type`, keyword: 'type', expected: node.type, observed, instancePath });
        return false;
      }
    }
    if (Array.isArray(node.enum) && !node.enum.some((v) => JSON.stringify(v) === JSON.stringify(value)))
      this.add({
        kind: 'enum',
        pointer: `${at}/enum`,
        keyword: 'enum',
        expected: node.enum,
        observed: value,
        instancePath,
      });
    if (node.const !== undefined && JSON.stringify(node.const) !== JSON.stringify(value))
      this.add({
        kind: 'enum',
        pointer: `${at}/const`,
        keyword: 'const',
        expected: node.const,
        observed: value,
        instancePath,
      });
    if (typeof value === 'string' && !redacted(value)) {
      if (typeof node.format === 'string' && !this.validator.hasFormat(node.format, value))
        this.add({
          kind: 'format',
          pointer: `${at}/format`,
          keyword: 'format',
          expected: node.format,
          observed: value,
          instancePath,
        });
      for (const rule of STRING_RULES) this.checkRule(value, at, node, rule, instancePath);
    }
    if (typeof value === 'number') for (const rule of NUMBER_RULES) this.checkRule(value, at, node, rule, instancePath);
    return true;
  }

  private checkRule(value: unknown, at: string, node: JsonObject, rule: string, instancePath: string): void {
    const limit = node[rule];
    if (limit === undefined || ruleHolds(rule, limit, value)) return;
    this.add({
      kind: 'schema',
      pointer: `${at}/${rule}`,
      keyword: rule,
      expected: limit,
      observed: value,
      instancePath,
    });
  }

  private walkObject(value: JsonObject, at: string, node: JsonObject, instancePath: string, inBranch: boolean): void {
    const required = Array.isArray(node.required) ? node.required : [];
    required.forEach((name, i) => {
      if (typeof name === 'string' && !(name in value))
        this.add({
          kind: 'required-missing',
          pointer: `${at}/required/${i}`,
          keyword: 'required',
          expected: name,
          observed: undefined,
          instancePath,
        });
    });
    const properties = isObject(node.properties) ? node.properties : {};
    const known = inBranch ? undefined : this.knownProperties(node);
    for (const [key, item] of Object.entries(value)) {
      const path = `${instancePath}/${escapePointerToken(key)}`;
      if (key in properties) this.walk(item, `${at}/properties/${escapePointerToken(key)}`, path);
      else if (isObject(node.additionalProperties)) this.walk(item, `${at}/additionalProperties`, path);
      else if (known && !known.has(key) && (known.size > 0 || node.additionalProperties === false))
        this.add({
          kind: 'unknown-field',
          pointer: `${at}/properties/${escapePointerToken(key)}`,
          keyword: node.additionalProperties === false ? 'additionalProperties' : 'properties',
          expected: [...known],
          observed: item,
          instancePath: path,
        });
    }
  }

  /** The property names an object schema knows, through its allOf / oneOf / anyOf branches; empty for a free map. */
  private knownProperties(node: JsonObject, seen = new Set<unknown>()): Set<string> {
    const names = new Set<string>();
    if (seen.has(node)) return names;
    seen.add(node);
    if (isObject(node.properties)) for (const key of Object.keys(node.properties)) names.add(key);
    if (isObject(node.additionalProperties) || isObject(node.patternProperties)) return new Set();
    for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
      if (!Array.isArray(node[keyword])) continue;
      for (const branch of node[keyword]) {
        const { node: resolved } = this.resolve('', branch);
        if (!isObject(resolved)) continue;
        const inner = this.knownProperties(resolved, seen);
        if (inner.size === 0 && (isObject(resolved.additionalProperties) || isObject(resolved.patternProperties)))
          return new Set();
        for (const name of inner) names.add(name);
      }
    }
    return names;
  }

  private add(finding: Finding): void {
    this.findings.push(finding);
  }
}
