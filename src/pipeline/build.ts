import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listOperations, listWebhooks, type OpenApiDocument } from '../core/openapi-document.js';
import { isProviderSlug, PROVIDER_SLUGS, type ProviderSlug, type SpecSlug } from '../core/providers.js';
import { readCoverage } from './contract-coverage.js';
import { buildDocsSite } from './docs-site.js';
import { GENERATED_NOTICE, jsonSchemaFiles } from './json-schemas.js';
import { writePostmanFiles } from './postman.js';
import { projectRoot } from './project-root.js';
import { bundleSpec, type LintFinding, lintSpec } from './redocly.js';
import { buildComingSoonTypes, buildEnums, buildTypes } from './typescript-types.js';
import { buildParameterValidatorModule, buildValidatorModule } from './validators.js';

export type BuildStep = 'lint' | 'bundle' | 'types' | 'schemas' | 'validators' | 'postman' | 'docs';

export interface BuildOptions {
  providers: readonly SpecSlug[];
  /** where generated/ goes; the project's own generated/ by default */
  outDir?: string;
  /** skip lint (the freshness check regenerates without re-linting) */
  lint?: boolean;
  docs?: boolean;
  onProgress?: (slug: string, step: BuildStep, detail: string) => void;
}

export class LintFailedError extends Error {
  constructor(readonly findings: LintFinding[]) {
    super(
      `Lint found ${findings.filter((f) => f.severity === 'error').length} error(s) and ${findings.filter((f) => f.severity === 'warn').length} warning(s); fix them in specs/ (npm run lint lists them).`,
    );
  }
}

const VALIDATOR_TYPES = `// ${GENERATED_NOTICE}
export interface ValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
/** An ajv standalone validator: returns whether data conforms; on false, \`errors\` says why. */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}
`;

async function writeProvider(
  slug: SpecSlug,
  doc: OpenApiDocument,
  dir: string,
  progress: BuildOptions['onProgress'],
): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'schemas'), { recursive: true });
  const stamped = { 'x-generated': GENERATED_NOTICE, ...doc };
  await writeFile(join(dir, 'openapi.json'), `${JSON.stringify(stamped, null, 2)}\n`);
  await writeFile(join(dir, 'spec.js'), `// ${GENERATED_NOTICE}\nexport default ${JSON.stringify(doc)};\n`);
  await writeFile(
    join(dir, 'spec.d.ts'),
    `// ${GENERATED_NOTICE}\nimport type { OpenApiDocument } from '../../src/core/openapi-document.js';\ndeclare const spec: OpenApiDocument;\nexport default spec;\n`,
  );

  const types = await buildTypes(doc);
  const enums = buildEnums(doc);
  await writeFile(join(dir, 'schema.d.ts'), types);
  await writeFile(join(dir, 'coming-soon.d.ts'), buildComingSoonTypes(doc));
  await writeFile(join(dir, 'enums.js'), enums.js);
  await writeFile(join(dir, 'enums.d.ts'), enums.dts);
  progress?.(slug, 'types', `schema.d.ts, ${enums.count} named enums`);

  const files = jsonSchemaFiles(slug, doc);
  for (const { file, schema } of files)
    await writeFile(join(dir, 'schemas', file), `${JSON.stringify(schema, null, 2)}\n`);
  progress?.(slug, 'schemas', `${files.length} JSON Schemas`);

  const validators = buildValidatorModule(slug, doc, files);
  await writeFile(join(dir, 'validators.js'), validators.js);
  await writeFile(join(dir, 'validators.d.ts'), validators.dts);
  const parameters = buildParameterValidatorModule(slug, doc, files);
  await writeFile(join(dir, 'parameter-validators.js'), parameters.js);
  await writeFile(join(dir, 'parameter-validators.d.ts'), parameters.dts);
  progress?.(slug, 'validators', `${validators.count} body and ${parameters.count} parameter validators`);

  if (isProviderSlug(slug)) await writePostmanCollection(slug, doc, dir, progress);
}

/** generated/<slug>/postman.json and its sandbox and live environments, from the bundled spec. */
export async function writePostmanCollection(
  slug: ProviderSlug,
  doc: OpenApiDocument,
  dir: string,
  progress?: BuildOptions['onProgress'],
): Promise<void> {
  const requests = await writePostmanFiles(slug, doc, dir);
  progress?.(slug, 'postman', `${requests} requests`);
}

/** lint → bundle → types → JSON Schemas → validators → docs, in this process, for the given providers. */
export async function build(options: BuildOptions): Promise<Map<SpecSlug, OpenApiDocument>> {
  const root = projectRoot();
  const outDir = options.outDir ?? join(root, 'generated');
  const progress = options.onProgress;
  const docs = new Map<SpecSlug, OpenApiDocument>();

  if (options.lint !== false) {
    const findings: LintFinding[] = [];
    for (const slug of options.providers) {
      const found = await lintSpec(slug, root);
      progress?.(slug, 'lint', found.length === 0 ? 'clean' : `${found.length} finding(s)`);
      findings.push(...found);
    }
    if (findings.length > 0) throw new LintFailedError(findings);
  }

  for (const slug of options.providers) {
    const doc = (await bundleSpec(slug, root)) as OpenApiDocument;
    progress?.(slug, 'bundle', `${listOperations(doc).length} operations, ${listWebhooks(doc).length} webhooks`);
    docs.set(slug, doc);
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'validator-types.d.ts'), VALIDATOR_TYPES);
  for (const [slug, doc] of docs) await writeProvider(slug, doc, join(outDir, slug), progress);

  if (options.docs !== false) {
    const pages = await writeDocsSite(outDir, { fresh: docs });
    progress?.('docs', 'docs', `${pages} pages`);
  }
  return docs;
}

async function readBundled(outDir: string, slug: SpecSlug): Promise<OpenApiDocument | undefined> {
  const file = join(outDir, slug, 'openapi.json');
  if (!existsSync(file)) return undefined;
  const { 'x-generated': _stamp, ...doc } = JSON.parse(await readFile(file, 'utf8'));
  return doc as OpenApiDocument;
}

/**
 * <outDir>/docs from the bundled specs: those just built, else the ones already in outDir. The contract coverage is
 * read from reports/ when a run left one there.
 */
export async function writeDocsSite(
  outDir: string,
  options: { fresh?: Map<SpecSlug, OpenApiDocument>; reportsDir?: string } = {},
): Promise<number> {
  const fresh = options.fresh ?? new Map<SpecSlug, OpenApiDocument>();
  // The landing page lists every provider built so far, not only the ones rebuilt now.
  const all = new Map<ProviderSlug, OpenApiDocument>();
  for (const slug of PROVIDER_SLUGS) {
    const doc = fresh.get(slug) ?? (await readBundled(outDir, slug));
    if (doc) all.set(slug, doc);
  }
  if (all.size === 0) throw new Error(`No bundled spec under ${outDir}; run \`paycontracts build\` first.`);
  const control = fresh.get('sandbox-control') ?? (await readBundled(outDir, 'sandbox-control'));
  return buildDocsSite(all, join(outDir, 'docs'), {
    control,
    coverage: await readCoverage(options.reportsDir ?? join(projectRoot(), 'reports')),
  });
}
