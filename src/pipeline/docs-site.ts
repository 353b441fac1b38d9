import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { listOperations, listServers, listWebhooks, type JsonObject, type OpenApiDocument } from '../core/openapi-document.js';
import type { ProviderSlug } from '../core/providers.js';
import { jsonSchemaFiles } from './json-schemas.js';

const require = createRequire(import.meta.url);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe to inline in a <script> element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
${body}
</body>
</html>
`;
}

const SITE_CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
header,main{max-width:1100px;margin:0 auto;padding:1.5rem}
header h1{margin:.2rem 0}
.providers{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem}
.provider{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:1rem}
.provider h2{margin-top:0;font-size:1.2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .75rem;margin:0 0 .75rem}
dt{font-weight:600}dd{margin:0;word-break:break-all}
code{background:#eef1f5;padding:0 .25rem;border-radius:3px}
ul.links{padding-left:1.1rem;margin:0}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #dde1e7;padding:.3rem .6rem;text-align:left}
`;

function authSummary(doc: OpenApiDocument): string {
  const schemes = ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
  return Object.entries(schemes)
    .map(([name, s]) => {
      if (s.type === 'apiKey') return `${name}: API key in ${String(s.in)} <code>${escapeHtml(String(s.name))}</code>`;
      if (s.type === 'http') return `${name}: HTTP ${escapeHtml(String(s.scheme))}`;
      return `${name}: ${escapeHtml(String(s.type))}`;
    })
    .join('<br>');
}

function providerCard(slug: ProviderSlug, doc: OpenApiDocument): string {
  const info = (doc.info ?? {}) as JsonObject;
  const ops = listOperations(doc);
  const available = ops.filter((o) => !o.comingSoon).length;
  const soon = ops.length - available;
  const servers = listServers(doc);
  const url = (env: string) => servers.filter((s) => s.environment === env).map((s) => `<code>${escapeHtml(s.url)}</code>`).join('<br>') || 'not documented';
  return `<section class="provider" id="${slug}">
<h2>${escapeHtml(String(info.title ?? slug))}</h2>
<dl>
<dt>Slug</dt><dd><code>${slug}</code></dd>
<dt>Sandbox</dt><dd>${url('sandbox')}</dd>
<dt>Production</dt><dd>${url('production')}</dd>
<dt>Auth</dt><dd>${authSummary(doc)}</dd>
<dt>Operations</dt><dd><span data-count="operations">${available}</span>${soon ? ` (+${soon} coming soon)` : ''}</dd>
<dt>Webhooks</dt><dd><span data-count="webhooks">${listWebhooks(doc).length}</span></dd>
</dl>
<ul class="links">
<li><a href="${slug}.html">API reference</a></li>
<li><a href="../${slug}/openapi.json">Bundled OpenAPI spec</a></li>
<li><a href="${slug}-schemas.html">JSON Schemas</a></li>
</ul>
</section>`;
}

function schemaIndex(slug: ProviderSlug, doc: OpenApiDocument): string {
  const files = jsonSchemaFiles(slug, doc).map((f) => f.file);
  const title = `${String((doc.info as JsonObject).title)}: JSON Schemas`;
  return page(title, `<header><p><a href="index.html">← All providers</a></p><h1>${escapeHtml(title)}</h1>
<p>JSON Schema 2020-12, one file per component schema and per webhook payload. Refs resolve inside this set.</p></header>
<main><ul>${files.map((f) => `<li><a href="../${slug}/schemas/${encodeURIComponent(f)}">${escapeHtml(f)}</a></li>`).join('\n')}</ul></main>`);
}

function referencePage(doc: OpenApiDocument): string {
  const title = `${String((doc.info as JsonObject).title)}: API reference`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
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

/** The offline docs site: a landing page, one Redoc reference page and one schema index per provider. */
export async function buildDocsSite(docs: Map<ProviderSlug, OpenApiDocument>, outDir: string): Promise<number> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  // Redoc's own bundle, served locally: the site must load nothing from a CDN.
  await copyFile(require.resolve('redoc/bundles/redoc.standalone.js'), join(outDir, 'assets', 'redoc.standalone.js'));
  await writeFile(join(outDir, 'assets', 'site.css'), SITE_CSS);
  let pages = 0;
  for (const [slug, doc] of docs) {
    await writeFile(join(outDir, `${slug}.html`), referencePage(doc));
    await writeFile(join(outDir, `${slug}-schemas.html`), schemaIndex(slug, doc));
    pages += 2;
  }
  const cards = [...docs].map(([slug, doc]) => providerCard(slug, doc)).join('\n');
  await writeFile(
    join(outDir, 'index.html'),
    page('paycontracts: payment API reference', `<header><h1>paycontracts</h1>
<p>OpenAPI 3.1 specs, typed clients and contract tests for payment APIs used in Morocco and francophone West Africa.</p></header>
<main><div class="providers">${cards}</div></main>`),
  );
  return pages + 1;
}
