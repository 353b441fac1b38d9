import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { expectUsageError, runCli } from './cli-process.js';

test('build --provider alyapay --out-dir writes every generated file with progress per step', async () => {
  const out = await mkdtemp(join(tmpdir(), 'paycontracts-cli-build-'));
  try {
    const { code, stdout, stderr } = await runCli(['build', '--provider', 'alyapay', '--no-docs', '--out-dir', out], {
      timeoutMs: 120_000,
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^built 1 spec\(s\) in [\d.]+ s$/m);
    for (const step of ['lint', 'bundle', 'types', 'schemas', 'validators', 'postman'])
      expect(stderr).toMatch(new RegExp(`^alyapay +${step} `, 'm'));
    for (const file of ['openapi.json', 'schema.d.ts', 'validators.js', 'postman.json', 'schemas/Session.json'])
      expect(existsSync(join(out, 'alyapay', file)), file).toBe(true);
    expect(existsSync(join(out, 'docs')), '--no-docs').toBe(false);
    // The same bytes as the committed generated/ (which the freshness test checks for every spec).
    expect(await readFile(join(out, 'alyapay', 'postman.json'), 'utf8')).toBe(
      await readFile(join(import.meta.dirname, '..', '..', 'generated', 'alyapay', 'postman.json'), 'utf8'),
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}, 150_000);

test('build with an unknown provider is a usage error', async () => {
  expectUsageError(await runCli(['build', '--provider', 'paypal']), /Unknown spec "paypal"; use one of: .*alyapay/);
});
