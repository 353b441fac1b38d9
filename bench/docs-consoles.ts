// Benchmark 6: the docs' reference renderer on the Chari Money reference (61 operations, 10 webhooks) in headless
// Chromium: Scalar (the site's page, as built), Stoplight Elements' web component and the former Redoc page, each
// fed the same spec with its "Inferred:" marks. Per variant: the bytes the page loads, the time until the API's
// title is on screen, whether search finds the last operation and shows it (and how long that takes), whether it
// has a try-it console, and every request that is not to 127.0.0.1. Rounds alternate the variants, each in a fresh
// browser context (a cold cache).
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { listOperations, listWebhooks, type OpenApiDocument } from '../src/core/openapi-document.js';
import { serveDirectory } from '../src/devtools/static-server.js';
import { inlineJson } from '../src/pipeline/docs-html.js';
import { withInferenceBadges } from '../src/pipeline/docs-inferred.js';
import { buildDocsSite } from '../src/pipeline/docs-site.js';
import { projectRoot } from '../src/pipeline/project-root.js';
import { fmt, spread, summarize } from './stats.js';

const require = createRequire(import.meta.url);
const root = projectRoot();
const SLUG = 'chari-money';

interface Variant {
  name: string;
  page: string;
  /** opens the search, looks for `query` and picks the first result; false when the page has no search */
  search(page: Page, query: string): Promise<boolean>;
  console: string;
}

async function bundled(slug: string): Promise<OpenApiDocument> {
  const { 'x-generated': _stamp, ...doc } = JSON.parse(
    await readFile(join(root, 'generated', slug, 'openapi.json'), 'utf8'),
  );
  return doc as OpenApiDocument;
}

const frame = (head: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>${head}</head><body>${body}</body></html>`;

/** The two pages the site does not ship, next to the built site: the former Redoc page and an Elements page. */
async function writeAlternatives(dir: string, doc: OpenApiDocument): Promise<void> {
  const spec = inlineJson(withInferenceBadges(SLUG, doc));
  // As the former site did: Redoc's sidebar credit would load its logo from a CDN.
  const redoc = await readFile(require.resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
  await writeFile(
    join(dir, 'redoc.standalone.js'),
    redoc.replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', 'data:,'),
  );
  const elements = dirname(require.resolve('@stoplight/elements/web-components.min.js'));
  await copyFile(join(elements, 'web-components.min.js'), join(dir, 'elements.js'));
  await copyFile(join(elements, 'styles.min.css'), join(dir, 'elements.css'));
  await writeFile(
    join(dir, 'redoc.html'),
    frame(
      '',
      `<div id="redoc"></div><script src="redoc.standalone.js"></script><script>Redoc.init(${spec}, { expandResponses: "200,201,202", jsonSampleExpandLevel: 3 }, document.getElementById("redoc"));</script>`,
    ),
  );
  await writeFile(
    join(dir, 'elements.html'),
    frame(
      '<link rel="stylesheet" href="elements.css">',
      `<elements-api id="api" router="hash" layout="sidebar" tryItCredentialsPolicy="omit"></elements-api><script src="elements.js"></script><script>document.getElementById("api").apiDescriptionDocument = ${spec};</script>`,
    ),
  );
}

const VARIANTS: Variant[] = [
  {
    name: 'Scalar 1.76 (built site)',
    page: `${SLUG}.html`,
    console: 'yes: server list, credentials, response',
    async search(page, query) {
      await page
        .getByRole('button', { name: /search/i })
        .first()
        .click();
      await page.keyboard.type(query);
      await page.getByRole('option').filter({ hasText: query }).first().click();
      return true;
    },
  },
  {
    name: 'Redoc 2 (former page)',
    page: 'redoc.html',
    console: 'none (a paid feature, Redoc #53)',
    async search(page, query) {
      await page.getByPlaceholder('Search...').fill(query);
      await page.locator('[data-role="search:results"] li').filter({ hasText: query }).first().click();
      return true;
    },
  },
  {
    name: 'Stoplight Elements 9.0',
    page: 'elements.html',
    console: 'yes: server list, credentials, response',
    async search(page) {
      return (await page.locator('input[type="search"], input[placeholder*="earch"]').count()) > 0;
    },
  },
];

interface Round {
  bytes: number;
  titleMs: number;
  searchMs?: number;
  searched: boolean;
  offMachine: string[];
}

async function measure(browser: Browser, base: string, variant: Variant, doc: OpenApiDocument): Promise<Round> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const offMachine: string[] = [];
  let bytes = 0;
  await context.route('**/*', (route) => {
    const { protocol, hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || protocol === 'data:' || protocol === 'blob:') return route.continue();
    offMachine.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  context.on('requestfinished', async (request) => {
    bytes += (await request.sizes().catch(() => undefined))?.responseBodySize ?? 0;
  });
  const page = await context.newPage();
  const title = String((doc.info as { title: string }).title);
  const last = listOperations(doc).at(-1)?.summary ?? '';
  try {
    const started = performance.now();
    await page.goto(`${base}/${variant.page}`, { waitUntil: 'commit' });
    await page.getByRole('heading', { name: title }).first().waitFor({ timeout: 120_000 });
    const titleMs = performance.now() - started;
    const searchStarted = performance.now();
    const searched = await variant.search(page, last);
    if (searched) await page.getByRole('heading', { name: last }).first().waitFor({ timeout: 60_000 });
    const searchMs = searched ? performance.now() - searchStarted : undefined;
    await page.waitForLoadState('networkidle');
    return { bytes, titleMs, searchMs, searched, offMachine };
  } finally {
    await context.close();
  }
}

export async function runDocsConsoleBenchmark(options: { rounds: number }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'paycontracts-bench-docs-'));
  const doc = await bundled(SLUG);
  const control = await bundled('sandbox-control');
  await buildDocsSite(new Map([[SLUG, doc]]), dir, { control, generatedDir: join(root, 'generated') });
  await writeAlternatives(dir, doc);
  const server = await serveDirectory(dir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const results = new Map<Variant, Round[]>(VARIANTS.map((v) => [v, []]));
  try {
    for (let round = 0; round < options.rounds; round++)
      for (const variant of VARIANTS) results.get(variant)?.push(await measure(browser, server.url, variant, doc));
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  const rows = VARIANTS.map((variant) => {
    const rounds = results.get(variant) ?? [];
    const kib = Math.round((rounds[0]?.bytes ?? 0) / 1024);
    const title = summarize(rounds.map((r) => r.titleMs));
    const searched = rounds.every((r) => r.searched);
    const search = searched
      ? `yes, ${fmt(summarize(rounds.map((r) => r.searchMs ?? 0)).median, 0)} ms to the result`
      : 'no search box';
    const off = new Set(rounds.flatMap((r) => r.offMachine));
    return `| ${variant.name} | ${kib.toLocaleString('en')} KiB | ${spread(title, 0)} | ${search} | ${variant.console} | ${off.size === 0 ? 'none' : [...off].join(', ')} |`;
  });
  const ops = listOperations(doc).length;
  return `Chari Money reference (${ops} operations, ${listWebhooks(doc).length} webhooks), headless Chromium, ${options.rounds} alternating rounds, each in a fresh context (cold cache), served by the docs' static server on loopback. "Title" is from navigation to the API title on screen; search looks for the last operation ("${listOperations(doc).at(-1)?.summary}") and waits for its heading.

| renderer | page weight | title on screen, ms median (min–max) | search | try-it console | requests off the machine |
|---|---|---|---|---|---|
${rows.join('\n')}

- Chosen: **Scalar** (see src/pipeline/docs-reference.ts). Redoc plus a console of our own would keep Redoc's weight and render time and add a console to maintain.
`;
}
