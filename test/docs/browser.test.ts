import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listOperations, listWebhooks, type OpenApiDocument } from '../../src/core/openapi-document.js';
import { AUXILIARY_SPECS, PROVIDER_SLUGS } from '../../src/core/providers.js';
import { type StaticServer, serveDirectory } from '../../src/devtools/static-server.js';
import { writeDocsSite } from '../../src/pipeline/build.js';
import { writeCoverage } from '../../src/pipeline/contract-coverage.js';
import { projectRoot } from '../../src/pipeline/project-root.js';

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
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

describe.skipIf(!existsSync(CHROMIUM))(
  `docs site in headless Chromium${existsSync(CHROMIUM) ? '' : ` (skipped: no ${CHROMIUM}; apt-get install chromium)`}`,
  () => {
    let site: string;
    let server: StaticServer;
    let context: BrowserContext;
    let page: Page;
    const requested: string[] = [];
    const leftLoopback: string[] = [];

    beforeAll(async () => {
      // The site is built into a temp copy of generated/, so its ../<slug>/… links resolve as they do in the repo.
      site = await mkdtemp(join(tmpdir(), 'paycontracts-docs-'));
      for (const slug of [...PROVIDER_SLUGS, ...AUXILIARY_SPECS]) {
        await cp(join(root, 'generated', slug), join(site, slug), {
          recursive: true,
          filter: (from) => !from.endsWith('.js') && !from.endsWith('.d.ts'),
        });
      }
      const reports = join(site, 'reports');
      const alyapay = listOperations(await bundled('alyapay')).map((o) => o.operationId);
      await writeCoverage(reports, 'prism', {
        alyapay: { exercised: alyapay, available: alyapay.length, ranAt: '2025-01-02T03:04:05.000Z' },
      });
      await writeDocsSite(site, { reportsDir: reports });
      server = await serveDirectory(site);

      await mkdir(screenshots, { recursive: true });
      context = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'paycontracts-chromium-')), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-quic',
          '--no-first-run',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1280, height: 900 },
      });
      // Every request goes through here: loopback ones are served, anything else is recorded and refused.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        requested.push(url);
        if (isLoopback(url)) return route.continue();
        leftLoopback.push(url);
        return route.abort('blockedbyclient');
      });
      context.on('request', (request) => {
        if (!isLoopback(request.url())) leftLoopback.push(request.url());
      });
      page = context.pages()[0] ?? (await context.newPage());
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await server?.close();
      if (site) await rm(site, { recursive: true, force: true });
    });

    test('the landing page lists every provider with its URLs, auth, counts, links and contract coverage', async () => {
      await page.goto(`${server.url}/docs/index.html`);
      for (const slug of PROVIDER_SLUGS) {
        const doc = await bundled(slug);
        const card = page.locator(`section#${slug}`);
        await expect.poll(() => card.isVisible()).toBe(true);
        expect(await card.locator('h2').textContent()).toBe(String((doc.info as { title: string }).title));
        const available = listOperations(doc).filter((o) => !o.comingSoon).length;
        expect(await card.locator('[data-count="operations"]').textContent()).toBe(String(available));
        expect(await card.locator('[data-count="webhooks"]').textContent()).toBe(String(listWebhooks(doc).length));
        for (const link of [
          `${slug}.html`,
          `../${slug}/openapi.json`,
          `${slug}-schemas.html`,
          `../${slug}/postman.json`,
        ]) {
          expect(await card.locator(`a[href="${link}"]`).count(), `${slug} links to ${link}`).toBe(1);
        }
        const prism = await card.locator('[data-coverage="prism"]').textContent();
        expect(prism).toBe(slug === 'alyapay' ? String(available) : 'not run yet');
        expect(await card.locator('[data-coverage="live"]').textContent()).toBe('not run yet');
      }
      await page.screenshot({ path: join(screenshots, 'docs-landing.png'), fullPage: true });
    });

    for (const slug of PROVIDER_SLUGS) {
      test(`${slug}: the Redoc reference shows every operation and webhook summary`, async () => {
        const doc = await bundled(slug);
        await page.goto(`${server.url}/docs/${slug}.html`);
        await page.locator('.api-content').first().waitFor({ timeout: 30_000 });
        for (const op of [...listOperations(doc), ...listWebhooks(doc)]) {
          const heading = page.locator('.api-content h2', { hasText: op.summary }).first();
          expect(await heading.isVisible(), `${op.operationId}: "${op.summary}"`).toBe(true);
        }
        await page.screenshot({ path: join(screenshots, `docs-${slug}.png`) });
      }, 60_000);
    }

    test('the JSON Schema index links to schema files that load', async () => {
      await page.goto(`${server.url}/docs/chari-pay-schemas.html`);
      const link = page.locator('main a').first();
      const name = await link.textContent();
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/${name}`)), link.click()]);
      expect(response.status()).toBe(200);
      const schema = (await response.json()) as { $schema: string; $id: string };
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id.endsWith(`/chari-pay/${name}`)).toBe(true);
    });

    test('the sandbox guide shows credentials, the control API and the test cards of each spec', async () => {
      await page.goto(`${server.url}/docs/sandbox.html`);
      const control = listOperations(await bundled('sandbox-control'));
      for (const op of control)
        expect(await page.getByText(op.summary, { exact: true }).first().isVisible()).toBe(true);
      for (const slug of PROVIDER_SLUGS) {
        const doc = await bundled(slug);
        const cards = (doc['x-test-cards'] ?? []) as { number: string }[];
        const section = page.locator(`section#${slug}`);
        expect(await section.locator('table.credentials tbody tr').count()).toBe(
          Object.keys((doc.components as { securitySchemes: object }).securitySchemes).length,
        );
        expect(await section.locator('table.test-cards tbody tr').count()).toBe(cards.length);
        for (const card of cards)
          expect(await section.getByText(card.number, { exact: true }).first().isVisible()).toBe(true);
      }
      await page.screenshot({ path: join(screenshots, 'docs-sandbox-guide.png'), fullPage: true });
      await page.goto(`${server.url}/docs/sandbox-control.html`);
      await page.locator('.api-content').first().waitFor({ timeout: 30_000 });
      for (const op of control)
        expect(await page.locator('.api-content h2', { hasText: op.summary }).first().isVisible()).toBe(true);
    }, 60_000);

    test('no request left loopback', () => {
      expect(requested.length).toBeGreaterThan(0);
      expect(leftLoopback).toEqual([]);
    });
  },
);
