import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectUsageError, runCli } from './cli-process.js';

const fixtures = join(import.meta.dirname, '..', 'diff', 'fixtures');
const base = join(fixtures, 'base.yaml');

describe('paycontracts diff', () => {
  test('a breaking change exits 1 and names the rule and the operation', async () => {
    const { code, stdout } = await runCli(['diff', base, join(fixtures, 'path-removed', 'new.yaml')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^breaking +api-path-removed-without-deprecation +GET \/v1\/payments\/\{id\} +getPayment removed$/m,
    );
    expect(stdout).toContain('1 breaking, 0 non-breaking change(s).');
  });

  test('non-breaking changes exit 0; --format json is machine-readable', async () => {
    const { code, stdout } = await runCli([
      'diff',
      join(fixtures, 'split', 'openapi.yaml'),
      join(fixtures, 'non-breaking-additions', 'new.json'),
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      breaking: number;
      nonBreaking: number;
      changes: { id: string; level: string }[];
    };
    expect(report.breaking).toBe(0);
    expect(report.nonBreaking).toBe(report.changes.length);
    expect(report.changes.map((c) => c.id)).toContain('endpoint-added');
  });

  test('a missing spec file is a usage error', async () => {
    expectUsageError(
      await runCli(['diff', base, 'no/such/openapi.yaml']),
      /No spec file at no\/such\/openapi.yaml; pass the path/,
    );
  });

  test('a missing argument is a usage error', async () => {
    expectUsageError(await runCli(['diff', base]), /missing required argument 'new-spec'/);
  });

  test('an unknown --format is a usage error', async () => {
    expectUsageError(await runCli(['diff', base, base, '--format', 'xml']), /Allowed choices are text, json/);
  });
});
