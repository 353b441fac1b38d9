import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeDocsSite } from '../../src/pipeline/build.js';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { sandboxDefaults } from '../../src/sandbox/index.js';

/** The docs site built from the committed bundled specs, into a folder of its own. */

const PROVIDERS = ['chari-money', 'chari-pay', 'haloubi-gateway', 'alyapay', 'novasend'] as const;
const generated = join(projectRoot(), 'generated');
let site: string;

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'paycontracts-docs-'));
  // writeDocsSite writes <outDir>/docs from <outDir>/<slug>/openapi.json: point it at generated/ but write elsewhere.
  const { symlinkSync } = await import('node:fs');
  for (const slug of [...PROVIDERS, 'sandbox-control']) symlinkSync(join(generated, slug), join(site, slug));
  await writeDocsSite(site, { reportsDir: join(site, 'no-reports') });
}, 60_000);

afterAll(() => rmSync(site, { recursive: true, force: true }));

const html = (file: string) => readFileSync(join(site, 'docs', file), 'utf8');
const text = (file: string) =>
  html(file)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

/** Counted on the bundled file's text, not through the ledger. */
const marks = (slug: string) =>
  readFileSync(join(generated, slug, 'openapi.json'), 'utf8').match(/"x-inferred":\s*true\b/g)?.length ?? 0;

type Node = Record<string, unknown>;

/** The object at `keys` under `node`; a missing one fails the test with its path. */
function at(node: unknown, ...keys: string[]): Node {
  const found = keys.reduce<unknown>((current, key) => (current as Node | undefined)?.[key], node);
  if (typeof found !== 'object' || found === null) throw new Error(`nothing at ${keys.join('.')}`);
  return found as Node;
}

/** The spec a reference page hands to its renderer (Scalar's `content`). */
function renderedSpec(slug: string): Node {
  const match = /Scalar\.createApiReference\('#reference', (.*)\);\n/.exec(html(`${slug}.html`));
  if (!match?.[1]) throw new Error(`${slug}.html has no Scalar.createApiReference call`);
  return at(JSON.parse(match[1]), 'content');
}

const section = (file: string, slug: string) =>
  html(file).split(`<section class="provider" id="${slug}">`)[1]?.split('</section>')[0] ?? '';

describe('inferred facts in the docs', () => {
  test.each(PROVIDERS)('the landing page gives the inferred count of %s', (slug) => {
    expect(section('index.html', slug)).toContain(`<span data-count="inferred">${marks(slug)}</span>`);
  });

  test('an inferred field says so first in its description', () => {
    const quantity = at(renderedSpec('alyapay'), 'components', 'schemas', 'SessionItem', 'properties', 'quantity');
    // AlyaPay types quantity as a number with no bound: the positive minimum is our choice.
    expect(quantity.description).toMatch(/^\*\*Inferred:\*\* The document types quantity as a number/);
  });

  test('an inferred operation says so first in its description', () => {
    const inferredOps = Object.values(at(renderedSpec('haloubi-gateway'), 'paths'))
      .flatMap((item) => Object.values(item as Record<string, Node>))
      .filter((op) => String(op['x-inferred']) === 'true');
    expect(inferredOps.length).toBeGreaterThan(0);
    for (const op of inferredOps) expect(String(op.description)).toMatch(/^\*\*Inferred:\*\* /);
  });

  test('a mark inside an extension shows on the node that carries it, with its kind', () => {
    const fee = at(renderedSpec('novasend'), 'components', 'schemas', 'Payin', 'properties', 'fee');
    expect(fee.description).toMatch(/\*\*Inferred \(fee\):\*\* /);
    // Haloubi's fraud test card has no documented decline code: an API-wide fact, listed in the introduction.
    expect(at(renderedSpec('haloubi-gateway'), 'info').description).toMatch(
      /- \*\*Inferred \(test card\):\*\* The document gives no decline code for the fraud decline/,
    );
  });
});

describe('sandbox guide, read from the specs', () => {
  test('Chari Money: the test card with its documented expiry 08/26 at any date, and the OTP 123-456', () => {
    const chari = section('sandbox.html', 'chari-money')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    expect(chari).toContain('4918914107195005');
    expect(chari).toMatch(/expiry 08\/26 .*accepted at any date; any other past expiry is declined/);
    expect(chari).toContain('The sandbox accepts the OTP 123-456');
  });

  test('documented rate limits are enforced, with the switches that change them', () => {
    const guide = text('sandbox.html');
    expect(guide).toContain('--no-rate-limit lifts them');
    expect(guide).toContain('--rate-limit N sets each to N requests per window');
    // Haloubi: 20 a second and 10,000 an hour per merchant, 50 a second per IP on the public endpoints.
    expect(guide).toMatch(/20 requests in a second per credential/);
    expect(guide).toMatch(/10000 requests in an hour per credential/);
    expect(guide).toMatch(/50 requests in a second per client IP/);
    // AlyaPay: 100 requests per 15 minutes.
    expect(guide).toMatch(/100 requests in 15 minutes per credential/);
  });

  test.each(PROVIDERS)(
    '%s: the credentials and webhook secret shown are the ones its sandbox accepts',
    async (slug) => {
      const defaults = await sandboxDefaults(slug);
      const section = html('sandbox.html').split(`<section class="provider" id="${slug}">`)[1]?.split('</section>')[0];
      for (const value of Object.values(defaults.credentials)) {
        const shown =
          typeof value === 'string'
            ? `<code>${value}</code>`
            : `user <code>${value.username}</code>, password <code>${value.password}</code>`;
        expect(section).toContain(shown);
      }
      if (defaults.webhookSecret)
        expect(section).toContain(`Webhook secret by default: <code>${defaults.webhookSecret}</code>`);
    },
  );
});
