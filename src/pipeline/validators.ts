import { createRequire } from 'node:module';
import { _ } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';
import { AJV_OPTIONS, ANNOTATION_FORMATS } from '../core/ajv-options.js';
import { listOperations, type OpenApiDocument } from '../core/openapi-document.js';
import { GENERATED_NOTICE, operationSchemas, rewriteSchemaRefs, type SchemaFile, schemaBase } from './json-schemas.js';

// ajv and ajv-formats are CommonJS; under NodeNext their default export arrives wrapped.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as typeof Ajv2020Module.default;
const standaloneCode = ((standaloneCodeModule as unknown as { default?: unknown }).default ??
  standaloneCodeModule) as typeof standaloneCodeModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule.default;
const require = createRequire(import.meta.url);

function identifier(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, '_');
}

export interface ValidatorModule {
  js: string;
  dts: string;
  count: number;
}

/**
 * Precompiles every component schema, webhook payload, request body and response body of a spec into one
 * ESM module of ajv standalone validators, so nothing compiles a schema at run time.
 */
function codegenAjv(extra: Record<string, unknown> = {}) {
  const ajv = new Ajv2020({
    ...AJV_OPTIONS,
    ...extra,
    code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  for (const format of ANNOTATION_FORMATS) ajv.addFormat(format, true);
  // Fail the build here, not at run time, if the formats module moved.
  require.resolve('ajv-formats/dist/formats');
  return ajv;
}

/** ajv standalone output as an ES module: its CommonJS runtime requires become imports. */
function standaloneModule(ajv: ReturnType<typeof codegenAjv>, exportsMap: Record<string, string>): string {
  const js = standaloneCode(ajv, exportsMap);
  const imports: string[] = [];
  const body = js.replace(
    /require\("([^"]+)"\)(\.[A-Za-z_$][\w$]*)?/g,
    (_match, mod: string, member: string | undefined) => {
      const local = `__dep${imports.length}`;
      // Node hands a CommonJS module's exports over as `default`; bundlers and vitest may unwrap it once more.
      imports.push(
        `import * as ${local}ns from ${JSON.stringify(mod.endsWith('.js') ? mod : `${mod}.js`)};\n` +
          `const ${local} = ${local}ns.default && typeof ${local}ns.default === "object" ? ${local}ns.default : ${local}ns;`,
      );
      return member ? `${local}${member}` : local;
    },
  );
  return `${imports.join('\n')}\n${body}`;
}

interface LookupEntry {
  kind: 'schemas' | 'webhooks' | 'requests' | 'responses';
  key: string;
  status?: string;
  name: string;
}

/** The `validators` lookup table of a generated module: each validator's export name by kind, key and status. */
function lookupModule(lookup: LookupEntry[]): string {
  const table = {
    schemas: {} as Record<string, string>,
    webhooks: {} as Record<string, string>,
    requests: {} as Record<string, string>,
    responses: {} as Record<string, Record<string, string>>,
  };
  for (const entry of lookup) {
    if (entry.kind !== 'responses') table[entry.kind][entry.key] = entry.name;
    else if (entry.status !== undefined) {
      const statuses = table.responses[entry.key] ?? {};
      statuses[entry.status] = entry.name;
      table.responses[entry.key] = statuses;
    }
  }
  const render = (m: Record<string, string>) =>
    `{${Object.entries(m)
      .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
      .join(',')}}`;
  const lookupJs =
    `export const validators = {schemas:${render(table.schemas)},webhooks:${render(table.webhooks)},requests:${render(table.requests)},` +
    `responses:{${Object.entries(table.responses)
      .map(([k, v]) => `${JSON.stringify(k)}:${render(v)}`)
      .join(',')}}};\n`;
  return lookupJs;
}

export function buildValidatorModule(slug: string, doc: OpenApiDocument, schemaFiles: SchemaFile[]): ValidatorModule {
  const ajv = codegenAjv();

  const exportsMap: Record<string, string> = {};
  const lookup: LookupEntry[] = [];
  for (const { file, schema } of schemaFiles) {
    ajv.addSchema(schema);
    const stem = file.replace(/\.json$/, '');
    const isWebhook = stem.startsWith('webhook.');
    const name = identifier(isWebhook ? stem : `schema_${stem}`);
    exportsMap[name] = String(schema.$id);
    lookup.push(
      isWebhook ? { kind: 'webhooks', key: stem.slice('webhook.'.length), name } : { kind: 'schemas', key: stem, name },
    );
  }
  for (const { key, id, schema } of operationSchemas(slug, doc)) {
    ajv.addSchema(schema);
    const name = identifier(key.replace(/:/g, '_'));
    exportsMap[name] = id;
    const [kind, operationId, status] = key.split(':') as [string, string, string | undefined];
    lookup.push(
      kind === 'request'
        ? { kind: 'requests', key: operationId, name }
        : { kind: 'responses', key: operationId, status, name },
    );
  }

  const js = standaloneModule(ajv, exportsMap);

  const lookupJs = lookupModule(lookup);

  const header = `// ${GENERATED_NOTICE}\n// ajv standalone validators for ${slug}: component schemas, webhook payloads, request and response bodies.\n`;
  const names = Object.keys(exportsMap);
  const dts =
    `// ${GENERATED_NOTICE}\n` +
    `import type { GeneratedValidator } from '../validator-types.js';\n` +
    names.map((n) => `export declare const ${n}: GeneratedValidator;`).join('\n') +
    `\nexport declare const validators: {\n  schemas: Record<string, GeneratedValidator>;\n  webhooks: Record<string, GeneratedValidator>;\n  requests: Record<string, GeneratedValidator>;\n  responses: Record<string, Record<string, GeneratedValidator>>;\n};\n`;
  return { js: `${header}${js}\n${lookupJs}`, dts, count: names.length };
}

/**
 * Path, query and header parameters of every operation as one object schema per operation
 * (`{ path, query, header }`, header names lower-cased), compiled with type coercion and defaults, because
 * parameters arrive as strings. Used by the sandboxes to reject bad parameters in the provider's own format.
 */
export function buildParameterValidatorModule(
  slug: string,
  doc: OpenApiDocument,
  schemaFiles: SchemaFile[],
): ValidatorModule {
  const ajv = codegenAjv({ coerceTypes: 'array', useDefaults: true });
  for (const { schema } of schemaFiles) ajv.addSchema(schema);
  const base = schemaBase(slug);
  const absolute = (name: string, rest: string) => `${base}${name}.json${rest}`;
  const exportsMap: Record<string, string> = {};
  for (const op of listOperations(doc)) {
    const groups: Record<string, { properties: Record<string, unknown>; required: string[] }> = {
      path: { properties: {}, required: [] },
      query: { properties: {}, required: [] },
      header: { properties: {}, required: [] },
    };
    for (const p of op.parameters) {
      const group = groups[p.in];
      if (!group) continue;
      const name = p.in === 'header' ? p.name.toLowerCase() : p.name;
      group.properties[name] = rewriteSchemaRefs(p.schema, absolute);
      if (p.required) group.required.push(name);
    }
    const id = `${base}operations/${op.operationId}.parameters.json`;
    ajv.addSchema({
      $id: id,
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(groups).map(([k, g]) => [k, { type: 'object', properties: g.properties, required: g.required }]),
      ),
    });
    exportsMap[identifier(`parameters_${op.operationId}`)] = id;
  }
  const js = standaloneModule(ajv, exportsMap);
  const names = Object.keys(exportsMap);
  const lookupJs = `export const parameterValidators = {${listOperations(doc)
    .map((op) => `${JSON.stringify(op.operationId)}:${identifier(`parameters_${op.operationId}`)}`)
    .join(',')}};\n`;
  const header = `// ${GENERATED_NOTICE}\n// ajv standalone validators for ${slug} parameters (coercing strings, applying defaults).\n`;
  const dts =
    `// ${GENERATED_NOTICE}\n` +
    `import type { GeneratedValidator } from '../validator-types.js';\n` +
    names.map((n) => `export declare const ${n}: GeneratedValidator;`).join('\n') +
    `\nexport declare const parameterValidators: Record<string, GeneratedValidator>;\n`;
  return { js: `${header}${js}\n${lookupJs}`, dts, count: names.length };
}
