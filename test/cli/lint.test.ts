import { expect, test } from 'vitest';
import { expectUsageError, runCli } from './cli-process.js';

test('lint --provider alyapay reports a clean spec and exits 0', async () => {
  const { code, stdout, stderr } = await runCli(['lint', '--provider', 'alyapay'], { timeoutMs: 120_000 });
  expect(code, stderr).toBe(0);
  expect(stdout.trim()).toBe('0 error(s), 0 warning(s)');
  expect(stderr).toMatch(/^alyapay +lint +clean$/m);
}, 150_000);

test('lint with an unknown provider is a usage error', async () => {
  expectUsageError(await runCli(['lint', '--provider', 'stripe']), /Unknown spec "stripe"/);
});
