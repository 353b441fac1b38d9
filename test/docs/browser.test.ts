import { existsSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listOperations, listWebhooks, type OpenApiDocument } from '../../src/core/openapi-document.js';
import { AUXILIARY_SPECS, PROVIDER_SLUGS } from '../../src/core/providers.js';
import { type StaticServer, serveDirectory } from '../../src/devtools/static-server.js';
import { writeDocsSite } from '../../src/pipeline/build.js';
import { writeCoverage } from '../../src/pipeline/contract-coverage.js';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

const CHROMIUM = '/usr/bin/chromium';
const root = projectRoot();
const screenshots = join(root, 'screenshots');

async function bundled(slug: string): Promise<OpenApiDocument> {
  const { 'x-generated': _stamp, ...doc } = JSON.parse(
    await readFile(join(root, 'generated', slug, 'openapi.json'), 'utf8'),
  );
  return doc as OpenApiDocument;
}

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'about:' || protocol === 'blob:') return true;
  return hostname === '127.0.0.1';
}

const title = (doc: OpenApiDocument) => String((doc.info as { title: string }).title);

describe.skipIf(!existsSync(CHROMIUM))(
  `docs site served alone, in headless Chromium${existsSync(CHROMIUM) ? '' : ` (skipped: no ${CHROMIUM}; apt-get install chromium)`}`,
  () => {
    let work: string;
    let server: StaticServer;
    let sandbox: RunningSandbox;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const requested: string[] = [];
    const leftLoopback: string[] = [];
    const failed: string[] = [];

    beforeAll(async () => {
      // The site is built from generated/ into a folder of its own, and only its docs/ folder is served.
      work = await mkdtemp(join(tmpdir(), 'paycontracts-docs-'));
      for (const slug of [...PROVIDER_SLUGS, ...AUXILIARY_SPECS])
        symlinkSync(join(root, 'generated', slug), join(work, slug));
      const reports = join(work, 'reports');
      const alyapay = listOperations(await bundled('alyapay')).map((o) => o.operationId);
      await writeCoverage(reports, 'prism', {
        alyapay: { exercised: alyapay, available: alyapay.length, ranAt: '2025-01-02T03:04:05.000Z' },
      });
      await writeDocsSite(work, { reportsDir: reports });
      server = await serveDirectory(join(work, 'docs'));
      sandbox = await startSandbox('haloubi-gateway', { corsOrigins: [server.url] });

      await mkdir(screenshots, { recursive: true });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      });
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      // Every request goes through here: loopback ones are served, anything else is recorded and refused.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        requested.push(url);
        if (isLoopback(url)) return route.continue();
        leftLoopback.push(url);
        return route.abort('blockedbyclient');
      });
      context.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      context.on('requestfailed', (request) => failed.push(`${request.failure()?.errorText} ${request.url()}`));
      page = await context.newPage();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await sandbox?.close();
      if (work) await rm(work, { recursive: true, force: true });
    });

    test('the landing page: counts, links inside the site, the last contract run only where one ran', async () => {
      await page.goto(`${server.url}/index.html`);
      for (const slug of PROVIDER_SLUGS) {
        const doc = await bundled(slug);
        const card = page.locator(`section#${slug}`);
        expect(await card.locator('h2').textContent()).toBe(title(doc));
        const available = listOperations(doc).filter((o) => !o.comingSoon).length;
        expect(await card.locator('[data-count="operations"]').textContent()).toBe(String(available));
        expect(await card.locator('[data-count="webhooks"]').textContent()).toBe(String(listWebhooks(doc).length));
        for (const href of await card.locator('a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
          expect(href.startsWith(`${server.url}/`), `${slug} links inside the site: ${href}`).toBe(true);
          expect((await fetch(href)).status, href).toBe(200);
        }
        expect(await card.getByText('not run yet').count()).toBe(0);
        // Only AlyaPay has a (prism) run in this site's reports.
        const prism = card.locator('[data-coverage="prism"]');
        expect(await prism.count()).toBe(slug === 'alyapay' ? 1 : 0);
        if (slug === 'alyapay') expect(await prism.textContent()).toBe(String(available));
        expect(await card.locator('[data-coverage="live"]').count()).toBe(0);
      }
      // Chari Money's production host is a placeholder of the spec, not a published one.
      const chari = page.locator('section#chari-money');
      expect(await chari.getByText('api.charimoney.com').count()).toBe(0);
      expect(await chari.locator('[data-placeholder-host]').textContent()).toMatch(/not published/);
      await page.screenshot({ path: join(screenshots, 'docs-landing.png'), fullPage: true });
    });

    test.each([...PROVIDER_SLUGS, 'sandbox-control'])(
      '%s: the reference renders its title',
      async (slug) => {
        await page.goto(`${server.url}/${slug}.html`);
        await page
          .getByRole('heading', { name: title(await bundled(slug)) })
          .first()
          .waitFor({ timeout: 30_000 });
      },
      40_000,
    );

    test('Chari Money: search finds an operation and shows it; inferred facts are marked', async () => {
      const doc = await bundled('chari-money');
      const last = listOperations(doc).at(-1)?.summary ?? '';
      await page.goto(`${server.url}/chari-money.html`);
      await page
        .getByRole('heading', { name: title(doc) })
        .first()
        .waitFor({ timeout: 30_000 });
      expect(await page.getByText('Inferred:').first().isVisible()).toBe(true);
      await page
        .getByRole('button', { name: /search/i })
        .first()
        .click();
      await page.keyboard.type(last);
      await page.getByRole('option').filter({ hasText: last }).first().click();
      await page.getByRole('heading', { name: last }).first().waitFor({ timeout: 30_000 });
      // The console's servers: the local sandbox first; the placeholder production host is not offered.
      const config = await readFile(join(work, 'docs', 'chari-money.html'), 'utf8');
      expect(config).toContain('"url":"http://{host}:{port}"');
      expect(config).not.toContain('api.charimoney.com"');
    }, 60_000);

    test('Haloubi: a try-it call to a local sandbox answers 200 and the page shows the response', async () => {
      await page.goto(`${server.url}/haloubi-gateway.html#tag/transactions/GET/api/v1/transactions`);
      const operation = page
        .locator('section', { has: page.getByRole('heading', { name: 'List transactions', exact: true }) })
        .last();
      await operation.waitFor({ timeout: 30_000 });
      // The console's first server is the local sandbox at 127.0.0.1:4010; its port is edited to the test's sandbox.
      expect(await page.locator('input[id$="-host"]').first().inputValue()).toBe('127.0.0.1');
      expect(await page.locator('input[id$="-port"]').first().inputValue()).toBe('4010');
      await page.locator('input[id$="-port"]').first().fill(new URL(sandbox.url).port);
      await operation
        .getByRole('button', { name: /test request/i })
        .first()
        .click();
      const dialog = page.getByRole('dialog');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().startsWith(`${sandbox.url}/api/v1/transactions`)),
        dialog.getByRole('button', { name: /send/i }).first().click(),
      ]);
      expect(response.status()).toBe(200);
      // The sandbox's default key, prefilled from the control spec's x-sandbox-defaults.
      expect(response.request().headers()['x-api-key']).toBe('test_key');
      await dialog.getByText('200 OK').first().waitFor({ timeout: 10_000 });
      expect(await dialog.getByText('"transactions"').first().isVisible()).toBe(true);
      await page.screenshot({ path: join(screenshots, 'docs-try-it.png') });
    }, 60_000);

    test('the JSON Schema index links to schema files inside the site', async () => {
      await page.goto(`${server.url}/chari-pay-schemas.html`);
      const link = page.locator('main a').first();
      const name = await link.textContent();
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/${name}`)), link.click()]);
      expect(response.status()).toBe(200);
      expect(((await response.json()) as { $schema: string }).$schema).toBe(
        'https://json-schema.org/draft/2020-12/schema',
      );
    });

    test('the sandbox guide shows credentials and the test cards of each spec', async () => {
      await page.goto(`${server.url}/sandbox.html`);
      for (const slug of PROVIDER_SLUGS) {
        const doc = await bundled(slug);
        const cards = (doc['x-test-cards'] ?? []) as { number: string }[];
        const section = page.locator(`section#${slug}`);
        expect(await section.locator('table.credentials tbody tr').count()).toBe(
          Object.keys((doc.components as { securitySchemes: object }).securitySchemes).length,
        );
        expect(await section.locator('table.test-cards tbody tr').count()).toBe(cards.length);
      }
    });

    test('no request left the machine and none failed', () => {
      expect(requested.length).toBeGreaterThan(0);
      expect(leftLoopback).toEqual([]);
      expect(failed).toEqual([]);
    });
  },
);
