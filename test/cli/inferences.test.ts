import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { expectUsageError, runCli } from './cli-process.js';

/** `paycontracts inferences`: every `x-inferred` mark of the bundled specs, with where it sits and why. */

const SPECS = ['chari-money', 'chari-pay', 'haloubi-gateway', 'alyapay', 'novasend', 'sandbox-control'];

interface Entry {
  provider: string;
  pointer: string;
  kind: string;
  reason: string;
}

function bundledText(slug: string): string {
  return readFileSync(join(projectRoot(), 'generated', slug, 'openapi.json'), 'utf8');
}

/** Counted on the file's text, not by walking it: a mark the walker missed still counts here. */
function marksInText(slug: string): number {
  return bundledText(slug).match(/"x-inferred":\s*true\b/g)?.length ?? 0;
}

/** RFC 6901, read by hand. */
function at(doc: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

async function ledger(args: string[]): Promise<Entry[]> {
  const result = await runCli(['inferences', ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Entry[];
}

describe('paycontracts inferences --json', () => {
  test('lists exactly as many marks as the bundled specs hold, each pointing at a marked node', async () => {
    const entries = await ledger([]);
    const expected = SPECS.reduce((sum, slug) => sum + marksInText(slug), 0);
    expect(expected).toBeGreaterThan(300);
    expect(entries).toHaveLength(expected);
    for (const slug of SPECS) {
      const doc = JSON.parse(bundledText(slug));
      const own = entries.filter((e) => e.provider === slug);
      expect(own, slug).toHaveLength(marksInText(slug));
      for (const entry of own) {
        expect((at(doc, entry.pointer) as Record<string, unknown>)['x-inferred'], entry.pointer).toBe(true);
        expect(entry.reason, entry.pointer).toBe(
          (at(doc, entry.pointer) as Record<string, unknown>)['x-inferred-reason'],
        );
      }
    }
  });

  test('one provider: its marks only, with kinds from where each sits', async () => {
    const entries = await ledger(['alyapay']);
    expect(entries).toHaveLength(marksInText('alyapay'));
    expect(new Set(entries.map((e) => e.provider))).toEqual(new Set(['alyapay']));
    // AlyaPay: "max 100 per 15 min" without saying per what; the spec chose per API key.
    expect(entries).toContainEqual({
      provider: 'alyapay',
      pointer: '/paths/~1api~1v1~1public~1sessions/post/x-rate-limit/0',
      kind: 'rate limit',
      reason: expect.stringMatching(/100 per 15 min/),
    });
    expect(entries.find((e) => e.pointer === '/components/schemas/SessionItem/properties/quantity')?.kind).toBe(
      'field',
    );
    expect(entries.find((e) => e.pointer === '/components/schemas/AlyaPayErrorCode')?.kind).toBe('error code');
  });

  test('kinds of Haloubi marks: a guessed test card, a status, an operation', async () => {
    const entries = await ledger(['haloubi-gateway']);
    const kindOf = (pointer: string) => entries.find((e) => e.pointer === pointer)?.kind;
    // The document gives no decline code for its eighth card, the fraud decline.
    expect(kindOf('/x-test-cards/7')).toBe('test card');
    expect(kindOf('/components/schemas/ErrorCode')).toBe('error code');
    expect(entries.some((e) => e.kind === 'operation' && /^\/paths\/[^/]+\/(get|post)$/.test(e.pointer))).toBe(true);
  });
});

describe('paycontracts inferences', () => {
  test('prints each mark with its kind, pointer and reason, and the total', async () => {
    const result = await runCli(['inferences', 'novasend']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^novasend: ${marksInText('novasend')} inferred$`, 'm'));
    expect(result.stdout).toMatch(/^ {2}fee +\/components\/schemas\/Payin\/properties\/fee\/x-fee-rate$/m);
    expect(result.stdout).toMatch(
      new RegExp(`^${marksInText('novasend')} inferred fact\\(s\\) in 1 spec\\(s\\)\\.$`, 'm'),
    );
  });

  test('--help explains the command with examples', async () => {
    const { code, stdout } = await runCli(['inferences', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: paycontracts inferences [options] [slug]');
    expect(stdout).toMatch(/Examples:\n {2}\$ paycontracts inferences/);
  });

  test('an unknown provider is one sentence and exit 2', async () => {
    expectUsageError(await runCli(['inferences', 'paypal']), /Unknown spec "paypal"; use one of: chari-money, /);
  });
});
