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
import type { SandboxDefaults } from '../sandbox/index.js';
import { CONTRACT_TARGETS, type ContractCoverage, type ContractTarget } from './contract-coverage.js';
import { jsonSchemaFiles } from './json-schemas.js';

const require = createRequire(import.meta.url);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe to inline in a <script> element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Every page forbids loads from anywhere but the site itself; Redoc's bundle would otherwise fetch its logo from a
 * CDN. Inline script and styles are Redoc's own (styled-components) and the init call.
 */
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:">`;

const REDOC_CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';

const NAV = `<nav><a href="index.html">Providers</a> · <a href="sandbox.html">Sandbox guide</a> · <a href="sandbox-control.html">Sandbox control API</a></nav>`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${CSP}
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
nav{font-size:.95rem;margin-bottom:.5rem}
.providers{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem}
.provider{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:1rem}
.provider h2{margin-top:0;font-size:1.2rem}
.provider h3{font-size:1rem;margin:.75rem 0 .25rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .75rem;margin:0 0 .75rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
code{background:#eef1f5;padding:0 .25rem;border-radius:3px}
pre{background:#1d2433;color:#f6f7f9;padding:.75rem;border-radius:6px;overflow-x:auto}
pre code{background:none;padding:0}
ul.links{padding-left:1.1rem;margin:0}
table{border-collapse:collapse;background:#fff;margin:.5rem 0 1rem}td,th{border:1px solid #dde1e7;padding:.3rem .6rem;text-align:left;vertical-align:top}
.not-run{color:#6b7280;font-style:italic}
`;

function securitySchemes(doc: OpenApiDocument): Record<string, JsonObject> {
  return ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
}

function describeScheme(scheme: JsonObject): string {
  if (scheme.type === 'apiKey')
    return `API key in ${escapeHtml(String(scheme.in))} <code>${escapeHtml(String(scheme.name))}</code>`;
  if (scheme.type === 'http') return `HTTP ${escapeHtml(String(scheme.scheme))}`;
  return escapeHtml(String(scheme.type));
}

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
  const title = `${String((doc.info as JsonObject).title)}: JSON Schemas`;
  return page(
    title,
    `<header>${NAV}<h1>${escapeHtml(title)}</h1>
<p>JSON Schema 2020-12, one file per component schema and per webhook payload. Refs resolve inside this set.</p></header>
<main><ul>${files.map((f) => `<li><a href="../${slug}/schemas/${encodeURIComponent(f)}">${escapeHtml(f)}</a></li>`).join('\n')}</ul></main>`,
  );
}

function referencePage(doc: OpenApiDocument): string {
  const title = `${String((doc.info as JsonObject).title)}: API reference`;
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

function credentialRows(doc: OpenApiDocument, defaults: SandboxDefaults | undefined): string {
  const schemes = securitySchemes(doc);
  return Object.entries(schemes)
    .map(([name, scheme]) => {
      const value = defaults?.credentials[name];
      let shown: string;
      if (value === undefined)
        shown = defaults ? 'issued at run time (see the API reference)' : 'sandbox not available yet';
      else if (typeof value === 'string') shown = `<code>${escapeHtml(value)}</code>`;
      else
        shown = `user <code>${escapeHtml(value.username)}</code>, password <code>${escapeHtml(value.password)}</code>`;
      return `<tr><td>${escapeHtml(name)}</td><td>${describeScheme(scheme)}</td><td>${shown}</td></tr>`;
    })
    .join('\n');
}

const CARD_COLUMNS = [
  'number',
  'brand',
  'outcome',
  'declineCode',
  'token',
  'cvv',
  'expiry',
  'threeDSecureCode',
  'description',
];

function testCardTable(doc: OpenApiDocument): string {
  const cards = Array.isArray(doc['x-test-cards']) ? (doc['x-test-cards'] as JsonObject[]) : [];
  if (cards.length === 0) return '<p>The provider documents no test cards.</p>';
  const present = CARD_COLUMNS.filter((c) => cards.some((card) => card[c] !== undefined));
  const head = present.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = cards
    .map(
      (card) =>
        `<tr>${present.map((c) => `<td>${card[c] === undefined ? '' : c === 'description' ? escapeHtml(String(card[c])) : `<code>${escapeHtml(String(card[c]))}</code>`}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table class="test-cards"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function sandboxGuide(
  docs: Map<ProviderSlug, OpenApiDocument>,
  control: OpenApiDocument | undefined,
  sandboxes: Map<ProviderSlug, SandboxDefaults>,
): string {
  const controlOps = control ? listOperations(control) : [];
  const controlTable = controlOps.length
    ? `<table><thead><tr><th>Call</th><th>What it does</th></tr></thead><tbody>${controlOps
        .map(
          (o) =>
            `<tr><td><code>${o.method.toUpperCase()} ${escapeHtml(o.path)}</code></td><td>${escapeHtml(o.summary)}</td></tr>`,
        )
        .join('\n')}</tbody></table>`
    : '<p>The control API spec was not built.</p>';
  const sections = [...docs]
    .map(([slug, doc]) => {
      const defaults = sandboxes.get(slug);
      const secret = defaults?.webhookSecret
        ? `<p>Webhook secret by default: <code>${escapeHtml(defaults.webhookSecret)}</code> (change it with <code>--webhook-secret</code>).</p>`
        : '';
      const limits = defaults?.rateLimits ?? [];
      const rateLimit = limits.length
        ? `<p>Rate limits: the documented ones, enforced per ${[...new Set(limits.map((l) => l.scope))].join(' or ')} on the sandbox clock, reported in the provider's headers and answered with its documented 429 (${[...new Set(limits.map((l) => `${l.requests} per ${l.windowSeconds} s`))].join(', ')}). <code>--rate-limit N</code> sets each to N requests per window; <code>--no-rate-limit</code> lifts them.</p>`
        : '';
      return `<section class="provider" id="${slug}">
<h2>${escapeHtml(String((doc.info as JsonObject).title ?? slug))}</h2>
<pre><code>npx paycontracts sandbox ${slug} --port 4010</code></pre>
<h3>Credentials the sandbox accepts</h3>
<table class="credentials"><thead><tr><th>Scheme</th><th>Sent as</th><th>Sandbox value</th></tr></thead><tbody>
${credentialRows(doc, defaults)}
</tbody></table>
${secret}
${rateLimit}
<h3>Test cards</h3>
${testCardTable(doc)}
<p><a href="${slug}.html">API reference</a></p>
</section>`;
    })
    .join('\n');
  return page(
    'paycontracts: sandbox guide',
    `<header>${NAV}<h1>Sandbox guide</h1>
<p>Each provider has a stateful local sandbox that answers its API the way the spec says, on loopback. Start one from a
terminal; it prints <code>listening on http://127.0.0.1:PORT</code> once ready and stops on Ctrl-C.</p>
<pre><code>npx paycontracts sandbox &lt;slug&gt; [--port N] [--webhook-url URL] [--webhook-secret S] [--api-key KEY]</code></pre>
<p>Or from code: <code>import { startSandbox } from 'paycontracts/sandbox'</code>, then
<code>const sandbox = await startSandbox('alyapay', { webhookUrl })</code> and <code>await sandbox.close()</code>.</p>
</header>
<main>
<h2>Control API</h2>
<p>Every sandbox also serves <code>/__sandbox/…</code>, which stands in for the customer, the network and time.
Full reference: <a href="sandbox-control.html">sandbox control API</a>.</p>
${controlTable}
${sections}
</main>`,
  );
}

export interface DocsSiteExtras {
  /** the sandbox-control spec, rendered as its own reference page */
  control?: OpenApiDocument;
  /** each provider's sandbox defaults; a provider without an entry has no sandbox yet */
  sandboxes?: Map<ProviderSlug, SandboxDefaults>;
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
    await writeFile(join(outDir, `${slug}.html`), referencePage(doc));
    await writeFile(join(outDir, `${slug}-schemas.html`), schemaIndex(slug, doc));
    pages += 2;
  }
  if (extras.control) {
    await writeFile(join(outDir, 'sandbox-control.html'), referencePage(extras.control));
    pages++;
  }
  await writeFile(join(outDir, 'sandbox.html'), sandboxGuide(docs, extras.control, extras.sandboxes ?? new Map()));
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
