import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readCoverage } from '../../src/pipeline/contract-coverage.js';
import { expectUsageError, runCli } from './cli-process.js';

const root = join(import.meta.dirname, '..', '..');

test('contract --target prism --provider alyapay --reporter junit runs the suite, writes JUnit and coverage', async () => {
  const { code, stdout, stderr } = await runCli(
    ['contract', '--target', 'prism', '--provider', 'alyapay', '--reporter', 'junit'],
    { timeoutMs: 240_000 },
  );
  expect(code, `${stdout}\n${stderr}`).toBe(0);
  expect(stderr).toMatch(/^alyapay +prism +2 of 2 operations exercised$/m);
  const junit = await readFile(join(root, 'reports', 'junit-prism.xml'), 'utf8');
  expect(junit).toMatch(/<testsuites [^>]*tests="\d+"[^>]*failures="0"/);
  expect(junit).toContain('contract-tests/alyapay/prism.test.ts');
  const coverage = (await readCoverage(join(root, 'reports'))).prism!;
  expect(coverage.providers.alyapay!.exercised).toEqual(['createSession', 'getTransactionStatus']);
  expect(coverage.providers.alyapay!.available).toBe(2);
}, 300_000);

test('contract with an unknown target is a usage error', async () => {
  expectUsageError(await runCli(['contract', '--target', 'staging']), /Allowed choices are prism, sandbox, live/);
});
