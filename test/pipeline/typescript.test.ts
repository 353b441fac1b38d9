import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { projectRoot } from '../../src/pipeline/project-root.js';

const require = createRequire(import.meta.url);

test('the generated types, the clients and the type-level tests compile (tsc --noEmit)', async () => {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], {
    cwd: projectRoot(),
  }).catch((e) => e);
  expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toBe('');
}, 120_000);
