import fc from 'fast-check';
import type { OpenApiDocument } from '../../../src/core/openapi-document.js';
import { violationsOf } from './invalid-values.js';
import { branchesOf, effectiveSchema, isObject, propertiesOf, requiredOf } from './schema-nodes.js';

export type JsonPath = (string | number)[];

/** A body broken at one place, with what was broken there. */
export interface BrokenBody {
  rule: string;
  body: unknown;
}

const MAX_DEPTH = 8;

function pointer(path: JsonPath): string {
  return path.length === 0 ? '(body)' : `/${path.join('/')}`;
}

const REMOVE = Symbol('remove');

/** A copy of `value` with the node at `path` replaced, or removed when `replacement` is `REMOVE`. */
export function withNode(value: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

/**
 * Every place a valid example body can be broken, each as an arbitrary of broken bodies: a required property
 * removed, an unknown property added where the schema closes the object, and every keyword of every node violated
 * (properties the example leaves out are added with a bad value). Composed schemas are walked branch by branch; the
 * caller keeps only the bodies the request validator rejects.
 */
export function brokenBodies(doc: OpenApiDocument, schema: unknown, example: unknown): fc.Arbitrary<BrokenBody>[] {
  const out: fc.Arbitrary<BrokenBody>[] = [];
  const walk = (node: unknown, value: unknown, path: JsonPath, depth: number) => {
    if (depth > MAX_DEPTH) return;
    const s = effectiveSchema(doc, node);
    for (const violation of violationsOf(s, value, 'json')) {
      out.push(
        violation.values.map((bad) => ({
          rule: `${pointer(path)} ${violation.rule}`,
          body: withNode(example, path, bad),
        })),
      );
    }
    if (isObject(value)) {
      const properties = propertiesOf(s);
      for (const name of requiredOf(s)) {
        if (name in value)
          out.push(
            fc.constant({
              rule: `${pointer(path)} missing required "${name}"`,
              body: withNode(example, [...path, name], REMOVE),
            }),
          );
      }
      if (s.additionalProperties === false) {
        const unknownName = fc
          .string({ minLength: 1, maxLength: 16 })
          .filter((k) => !(k in properties) && k !== '__proto__');
        out.push(
          fc
            .tuple(unknownName, fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)))
            .map(([k, v]) => ({
              rule: `${pointer(path)} unknown property "${k}"`,
              body: withNode(example, [...path, k], v),
            })),
        );
      }
      for (const [name, sub] of Object.entries(properties)) {
        if (name in value) walk(sub, value[name], [...path, name], depth + 1);
        else {
          for (const violation of violationsOf(effectiveSchema(doc, sub), undefined, 'json')) {
            out.push(
              violation.values.map((bad) => ({
                rule: `${pointer([...path, name])} (added) ${violation.rule}`,
                body: withNode(example, [...path, name], bad),
              })),
            );
          }
        }
      }
      if (isObject(s.additionalProperties)) {
        for (const name of Object.keys(value).filter((k) => !(k in properties)))
          walk(s.additionalProperties, value[name], [...path, name], depth + 1);
      }
    }
    if (Array.isArray(value) && value.length > 0 && s.items !== undefined)
      walk(s.items, value[0], [...path, 0], depth + 1);
    for (const branch of branchesOf(s)) walk(branch, value, path, depth + 1);
  };
  walk(schema, example, [], 0);
  return out;
}
