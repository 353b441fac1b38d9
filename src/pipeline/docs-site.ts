import { copyFile, cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type JsonObject, listOperations, listWebhooks, type OpenApiDocument } from '../core/openapi-document.js';
import type { ProviderSlug } from '../core/providers.js';
import { CONTRACT_TARGETS, type ContractCoverage, type ContractTarget } from './contract-coverage.js';
import { describeScheme, escapeHtml, NAV, page, SITE_CSS, securitySchemes, specTitle } from './docs-html.js';
import { referencePage, SCALAR_ASSET } from './docs-reference.js';
import { sandboxGuide } from './docs-sandbox-guide.js';
import { docServers } from './docs-servers.js';
import { inferenceLedger } from './inference-ledger.js';
import { jsonSchemaFiles } from './json-schemas.js';

export { escapeHtml } from './docs-html.js';

const require = createRequire(import.meta.url);

/** The Postman environment files a build may write next to a collection; the site carries the ones present. */
const POSTMAN_ENVIRONMENTS = ['postman.sandbox.json', 'postman.live.json'];

function authSummary(doc: OpenApiDocument): string {
  return Object.entries(securitySchemes(doc))
    .map(([name, s]) => `${escapeHtml(name)}: ${describeScheme(s)}`)
    .join('<br>');
}

function coverageList(
  slug: ProviderSlug,
  available: number,
  coverage: Partial<Record<ContractTarget, ContractCoverage>>,
): string {
  // Only the targets a contract run has reported on; a site built before any run has no such section.
  const rows = CONTRACT_TARGETS.flatMap((target) => {
    const run = coverage[target]?.providers[slug];
    if (!run) return [];
    return [
      `<dt>${target}</dt><dd><span data-coverage="${target}">${run.exercised.length}</span> of ${available} operations <small>(${escapeHtml(run.ranAt.slice(0, 16).replace('T', ' '))} UTC)</small></dd>`,
    ];
  });
  return rows.length ? `<h3>Last contract run</h3>\n<dl class="coverage">${rows.join('')}</dl>` : '';
}

function serverList(doc: OpenApiDocument, environment: string): string {
  const shown = docServers(doc)
    .filter((s) => s.environment === environment)
    .map((s) => {
      if (s.placeholder)
        return '<em data-placeholder-host>not published by the provider (communicated on request)</em>';
      return `<code>${escapeHtml(s.url)}</code>${s.inferred ? ' <small>(inferred)</small>' : ''}`;
    });
  return shown.join('<br>') || 'not documented';
}

function providerCard(
  slug: ProviderSlug,
  doc: OpenApiDocument,
  coverage: Partial<Record<ContractTarget, ContractCoverage>>,
  files: SiteFiles,
): string {
  const info = (doc.info ?? {}) as JsonObject;
  const ops = listOperations(doc);
  const available = ops.filter((o) => !o.comingSoon).length;
  const soon = ops.length - available;
  const environments = files.postmanEnvironments
    .map(
      (file) =>
        `<li><a href="${slug}/${file}">Postman environment: ${escapeHtml(file.replace(/^postman\.|\.json$/g, ''))}</a></li>`,
    )
    .join('\n');
  return `<section class="provider" id="${slug}">
<h2>${escapeHtml(String(info.title ?? slug))}</h2>
<dl>
<dt>Slug</dt><dd><code>${slug}</code></dd>
<dt>Sandbox</dt><dd>${serverList(doc, 'sandbox')}</dd>
<dt>Production</dt><dd>${serverList(doc, 'production')}</dd>
<dt>Auth</dt><dd>${authSummary(doc)}</dd>
<dt>Operations</dt><dd><span data-count="operations">${available}</span>${soon ? ` (+${soon} coming soon)` : ''}</dd>
<dt>Webhooks</dt><dd><span data-count="webhooks">${listWebhooks(doc).length}</span></dd>
<dt>Inferred</dt><dd><span data-count="inferred">${inferenceLedger(slug, doc).length}</span> facts the document leaves out, marked <q>Inferred:</q> in the reference (<code>npx paycontracts inferences ${slug}</code>)</dd>
</dl>
${coverageList(slug, available, coverage)}
<ul class="links">
<li><a href="${slug}.html">API reference, with a try-it console</a></li>
<li><a href="${slug}/openapi.json">Bundled OpenAPI spec</a></li>
<li><a href="${slug}-schemas.html">JSON Schemas</a></li>
<li><a href="${slug}/postman.json">Postman collection</a></li>
${environments}
<li><a href="sandbox.html#${slug}">Sandbox: credentials and test cards</a></li>
</ul>
</section>`;
}

function schemaIndex(slug: ProviderSlug, doc: OpenApiDocument): string {
  const files = jsonSchemaFiles(slug, doc).map((f) => f.file);
  const title = `${specTitle(doc, slug)}: JSON Schemas`;
  return page(
    title,
    `<header>${NAV}<h1>${escapeHtml(title)}</h1>
<p>JSON Schema 2020-12, one file per component schema and per webhook payload. Refs resolve inside this set.</p></header>
<main><ul>${files.map((f) => `<li><a href="${slug}/schemas/${encodeURIComponent(f)}">${escapeHtml(f)}</a></li>`).join('\n')}</ul></main>`,
  );
}

export interface DocsSiteExtras {
  /** the sandbox-control spec, rendered as its own reference page */
  control?: OpenApiDocument;
  /** the last contract run per target, from reports/coverage-<target>.json */
  coverage?: Partial<Record<ContractTarget, ContractCoverage>>;
  /** the folder holding <slug>/openapi.json, postman*.json and schemas/: the docs folder's parent by default */
  generatedDir?: string;
}

/** The files of one spec the site carries, copied from generated/<slug>/ into <site>/<slug>/. */
interface SiteFiles {
  postmanEnvironments: string[];
}

/**
 * Copies the bundled spec, its JSON Schemas and (for a provider) its Postman collection and whichever Postman
 * environment files the build has written, so that every link of the site stays inside the site.
 */
async function copySpecFiles(from: string, to: string): Promise<SiteFiles> {
  await mkdir(to, { recursive: true });
  const present = new Set(await readdir(from));
  const wanted = ['openapi.json', 'postman.json', ...POSTMAN_ENVIRONMENTS].filter((file) => present.has(file));
  for (const file of wanted) await copyFile(join(from, file), join(to, file));
  if (present.has('schemas')) await cp(join(from, 'schemas'), join(to, 'schemas'), { recursive: true });
  return { postmanEnvironments: POSTMAN_ENVIRONMENTS.filter((file) => present.has(file)) };
}

/** Vendored bundles, copied from node_modules: the site loads nothing from a CDN. */
async function writeAssets(outDir: string): Promise<void> {
  await mkdir(join(outDir, 'assets'), { recursive: true });
  // The package exports no path to its browser bundle; it sits next to the main entry (dist/).
  const scalarDist = dirname(require.resolve('@scalar/api-reference'));
  await copyFile(join(scalarDist, 'browser', 'standalone.js'), join(outDir, SCALAR_ASSET));
  await writeFile(join(outDir, 'assets', 'site.css'), SITE_CSS);
}

/**
 * The offline docs site: a landing page, one reference page (with its try-it console) and one schema index per
 * provider, the sandbox guide and the sandbox control API reference. Self-contained: every file it loads or links
 * is inside `outDir`, so any static host can serve that folder alone.
 */
export async function buildDocsSite(
  docs: Map<ProviderSlug, OpenApiDocument>,
  outDir: string,
  extras: DocsSiteExtras = {},
): Promise<number> {
  const generatedDir = extras.generatedDir ?? dirname(outDir);
  await rm(outDir, { recursive: true, force: true });
  await writeAssets(outDir);
  let pages = 0;
  const cards: string[] = [];
  for (const [slug, doc] of docs) {
    const files = await copySpecFiles(join(generatedDir, slug), join(outDir, slug));
    await writeFile(join(outDir, `${slug}.html`), referencePage(slug, doc, extras.control));
    await writeFile(join(outDir, `${slug}-schemas.html`), schemaIndex(slug, doc));
    cards.push(providerCard(slug, doc, extras.coverage ?? {}, files));
    pages += 2;
  }
  if (extras.control) {
    await copySpecFiles(join(generatedDir, 'sandbox-control'), join(outDir, 'sandbox-control'));
    await writeFile(
      join(outDir, 'sandbox-control.html'),
      referencePage('sandbox-control', extras.control, extras.control),
    );
    pages++;
  }
  await writeFile(join(outDir, 'sandbox.html'), sandboxGuide(docs, extras.control));
  await writeFile(
    join(outDir, 'index.html'),
    page(
      'paycontracts: payment API reference',
      `<header>${NAV}<h1>paycontracts</h1>
<p>OpenAPI 3.1 specs, typed clients, stateful sandboxes and contract tests for payment APIs used in Morocco and francophone West Africa.</p></header>
<main><div class="providers">${cards.join('\n')}</div></main>`,
    ),
  );
  return pages + 2;
}
