import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import ts from 'typescript';
import { type JsonObject, listOperations, type OpenApiDocument } from '../core/openapi-document.js';
import { GENERATED_NOTICE } from './json-schemas.js';

/**
 * An open enum (`x-extensible-enum: [processing, processed, expired]` on a `type: string` schema, in place of
 * `enum`): the values the document names, where it says the list goes on ("etc."). JSON Schema ignores the
 * extension, so validators accept any string; the type keeps the known values for autocompletion and accepts the
 * rest: `'processing' | 'processed' | 'expired' | (string & {})`.
 */
export function extensibleEnumType(schema: JsonObject): ts.TypeNode | undefined {
  const values = schema['x-extensible-enum'];
  if (values === undefined) return undefined;
  if (schema.type !== 'string' || schema.enum !== undefined)
    throw new Error('`x-extensible-enum` goes on a `type: string` schema without `enum` (the list is not closed).');
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string'))
    throw new Error('`x-extensible-enum` must be a non-empty list of strings.');
  const { factory } = ts;
  const anyOtherString = factory.createParenthesizedType(
    factory.createIntersectionTypeNode([
      factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
      factory.createTypeLiteralNode([]),
    ]),
  );
  return factory.createUnionTypeNode([
    ...values.map((v) => factory.createLiteralTypeNode(factory.createStringLiteral(v))),
    anyOtherString,
  ]);
}

/** openapi-typescript over the bundled spec: `paths`, `webhooks`, `components`, `operations`. */
export async function buildTypes(doc: OpenApiDocument): Promise<string> {
  const ast = await openapiTS(structuredClone(doc) as unknown as Parameters<typeof openapiTS>[0], {
    silent: true,
    rootTypes: false,
    defaultNonNullable: false,
    transform: (schema) => extensibleEnumType(schema as unknown as JsonObject),
  });
  return COMMENT_HEADER + astToString(ast);
}

/**
 * Named constants for every component enum that carries `x-enum-varnames`, so callers write
 * `OperationType.CASHIN` instead of `1`. Values and names come from the spec only.
 */
export function buildEnums(doc: OpenApiDocument): { js: string; dts: string; count: number } {
  const schemas = ((doc.components as JsonObject | undefined)?.schemas ?? {}) as Record<string, JsonObject>;
  const js: string[] = [`// ${GENERATED_NOTICE}`];
  const dts: string[] = [`// ${GENERATED_NOTICE}`];
  let count = 0;
  for (const [name, schema] of Object.entries(schemas)) {
    const values = schema.enum;
    const names = schema['x-enum-varnames'];
    if (!Array.isArray(values) || !Array.isArray(names)) continue;
    if (names.length !== values.length)
      throw new Error(`Schema ${name}: x-enum-varnames has ${names.length} names for ${values.length} values.`);
    const descriptions = Array.isArray(schema['x-enum-descriptions'])
      ? (schema['x-enum-descriptions'] as unknown[])
      : [];
    const members = values.map((value, i) => ({
      key: String(names[i]),
      value,
      doc: descriptions[i] ? String(descriptions[i]) : undefined,
    }));
    js.push(
      `export const ${name} = Object.freeze({ ${members.map((m) => `${JSON.stringify(m.key)}: ${JSON.stringify(m.value)}`).join(', ')} });`,
    );
    const summary = typeof schema.description === 'string' ? schema.description.split('\n')[0] : name;
    dts.push(`/** ${summary} */`);
    dts.push(`export declare const ${name}: {`);
    for (const m of members) {
      if (m.doc) dts.push(`  /** ${m.doc.replace(/\*\//g, '* /')} */`);
      dts.push(`  readonly ${JSON.stringify(m.key)}: ${JSON.stringify(m.value)};`);
    }
    dts.push('};');
    dts.push(`export type ${name} = (typeof ${name})[keyof typeof ${name}];`);
    count++;
  }
  return { js: `${js.join('\n')}\n`, dts: `${dts.join('\n')}\n`, count };
}

/**
 * The operations a spec documents as coming soon (`x-coming-soon: true`), as a type the clients use to leave them
 * out of their callable surface: `{ "/api/customers/pin/reset": "post" }`.
 */
export function buildComingSoonTypes(doc: OpenApiDocument): string {
  const byPath = new Map<string, string[]>();
  for (const op of listOperations(doc))
    if (op.comingSoon) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op.method]);
  const members = [...byPath].map(
    ([path, methods]) => `  ${JSON.stringify(path)}: ${methods.map((m) => JSON.stringify(m)).join(' | ')};`,
  );
  return `// ${GENERATED_NOTICE}\n/** Operations documented as coming soon (\`x-coming-soon\`): in the spec, not callable yet. */\nexport interface ComingSoon {\n${members.join('\n')}${members.length ? '\n' : ''}}\n`;
}
