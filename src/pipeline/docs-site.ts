import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  type JsonObject,
  listOperations,
  listServers,
  listWebhooks,
  type OpenApiDocument,
} from '../core/openapi-document.js';
import type { ProviderSlug } from '../core/providers.js';
import { CONTRACT_TARGETS, type ContractCoverage, type ContractTarget } from './contract-coverage.js';
import {
  CSP,
  describeScheme,
  escapeHtml,
  inlineJson,
  NAV,
  page,
  SITE_CSS,
  securitySchemes,
  specTitle,
} from './docs-html.js';
import { withInferenceBadges } from './docs-inferred.js';
import { sandboxGuide } from './docs-sandbox-guide.js';
import { inferenceLedger } from './inference-ledger.js';
import { jsonSchemaFiles } from './json-schemas.js';

export { escapeHtml } from './docs-html.js';

const require = createRequire(import.meta.url);

const REDOC_CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';

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
  const rows = CONTRACT_TARGETS.map((target) => {
    const run = coverage[target]?.providers[slug];
    const value = run
      ? `<span data-coverage="${target}">${run.exercised.length}</span> of ${available} operations <small>(${escapeHtml(run.ranAt.slice(0, 16).replace('T', ' '))} UTC)</small>`
      : `<span class="not-run" data-coverage="${target}">not run yet</span>`;
    return `<dt>${target}</dt><dd>${value}</dd>`;
  });
  return `<h3>Contract suite coverage</h3>\n<dl class="coverage">${rows.join('')}</dl>`;
}

function providerCard(
  slug: ProviderSlug,
  doc: OpenApiDocument,
  coverage: Partial<Record<ContractTarget, ContractCoverage>>,
): string {
  const info = (doc.info ?? {}) as JsonObject;
  const ops = listOperations(doc);
  const available = ops.filter((o) => !o.comingSoon).length;
  const soon = ops.length - available;
  const servers = listServers(doc);
  const url = (env: string) =>
    servers
      .filter((s) => s.environment === env)
      .map((s) => `<code>${escapeHtml(s.url)}</code>`)
      .join('<br>') || 'not documented';
  return `<section class="provider" id="${slug}">
<h2>${escapeHtml(String(info.title ?? slug))}</h2>
<dl>
<dt>Slug</dt><dd><code>${slug}</code></dd>
<dt>Sandbox</dt><dd>${url('sandbox')}</dd>
<dt>Production</dt><dd>${url('production')}</dd>
<dt>Auth</dt><dd>${authSummary(doc)}</dd>
<dt>Operations</dt><dd><span data-count="operations">${available}</span>${soon ? ` (+${soon} coming soon)` : ''}</dd>
<dt>Webhooks</dt><dd><span data-count="webhooks">${listWebhooks(doc).length}</span></dd>
<dt>Inferred</dt><dd><span data-count="inferred">${inferenceLedger(slug, doc).length}</span> facts the document leaves out, marked <q>Inferred:</q> in the reference (<code>npx paycontracts inferences ${slug}</code>)</dd>
</dl>
${coverageList(slug, available, coverage)}
<ul class="links">
<li><a href="${slug}.html">API reference</a></li>
<li><a href="../${slug}/openapi.json">Bundled OpenAPI spec</a></li>
<li><a href="${slug}-schemas.html">JSON Schemas</a></li>
<li><a href="../${slug}/postman.json">Postman collection</a></li>
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
<main><ul>${files.map((f) => `<li><a href="../${slug}/schemas/${encodeURIComponent(f)}">${escapeHtml(f)}</a></li>`).join('\n')}</ul></main>`,
  );
}

/** A Redoc page for the spec, with each inferred node's "Inferred:" line (see docs-inferred.ts). */
function referencePage(slug: string, spec: OpenApiDocument): string {
  const doc = withInferenceBadges(slug, spec);
  const title = `${specTitle(doc, slug)}: API reference`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${CSP}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{margin:0;padding:0}</style>
</head>
<body>
<div id="redoc"></div>
<script src="assets/redoc.standalone.js"></script>
<script>
Redoc.init(${inlineJson(doc)}, { hideDownloadButton: false, expandResponses: "200,201,202", jsonSampleExpandLevel: 3, sortPropsAlphabetically: false }, document.getElementById("redoc"));
</script>
</body>
</html>
`;
}

export interface DocsSiteExtras {
  /** the sandbox-control spec, rendered as its own reference page */
  control?: OpenApiDocument;
  /** the last contract run per target, from reports/coverage-<target>.json */
  coverage?: Partial<Record<ContractTarget, ContractCoverage>>;
}

/**
 * The offline docs site: a landing page, one Redoc reference page and one schema index per provider, the sandbox
 * guide and the sandbox control API reference. Everything it loads is in the site itself.
 */
export async function buildDocsSite(
  docs: Map<ProviderSlug, OpenApiDocument>,
  outDir: string,
  extras: DocsSiteExtras = {},
): Promise<number> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  // Redoc's own bundle, served locally: the site must load nothing from a CDN. Its sidebar credit loads a logo from
  // one, so that image is emptied (the credit's text and link stay).
  const redoc = await readFile(require.resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
  await writeFile(join(outDir, 'assets', 'redoc.standalone.js'), redoc.replaceAll(REDOC_CDN_LOGO, 'data:,'));
  await writeFile(join(outDir, 'assets', 'site.css'), SITE_CSS);
  let pages = 0;
  for (const [slug, doc] of docs) {
    await writeFile(join(outDir, `${slug}.html`), referencePage(slug, doc));
    await writeFile(join(outDir, `${slug}-schemas.html`), schemaIndex(slug, doc));
    pages += 2;
  }
  if (extras.control) {
    await writeFile(join(outDir, 'sandbox-control.html'), referencePage('sandbox-control', extras.control));
    pages++;
  }
  await writeFile(join(outDir, 'sandbox.html'), sandboxGuide(docs, extras.control));
  const cards = [...docs].map(([slug, doc]) => providerCard(slug, doc, extras.coverage ?? {})).join('\n');
  await writeFile(
    join(outDir, 'index.html'),
    page(
      'paycontracts: payment API reference',
      `<header>${NAV}<h1>paycontracts</h1>
<p>OpenAPI 3.1 specs, typed clients, stateful sandboxes and contract tests for payment APIs used in Morocco and francophone West Africa.</p></header>
<main><div class="providers">${cards}</div></main>`,
    ),
  );
  return pages + 2;
}
