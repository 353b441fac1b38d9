import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

/** Biome's formatting and recommended lint rules hold over the tree with 0 diagnostics (`npm run lint` runs the same). */
const root = join(import.meta.dirname, '..', '..');
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');

test('biome check reports 0 diagnostics', async () => {
  const run = await promisify(execFile)(process.execPath, [biome, 'check', '.', '--max-diagnostics=20'], {
    cwd: root,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
  expect(run.output).toMatch(/Checked \d+ files/);
  expect(run.code, run.output).toBe(0);
}, 60_000);
