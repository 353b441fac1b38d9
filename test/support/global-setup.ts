import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { transpileCli } from './cli-transpile.js';
import { runOnce } from './run-once.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `src/cli/main.ts` transpiled for this run (see transpileCli); the CLI tests spawn it with plain node. */
    cliEntry: string;
    /** A folder for this run only, where test files share work done once (see test/support/shared-work.ts). */
    runDir: string;
  }
}

/**
 * Transpiles the CLI and makes a scratch folder once for the whole run (every project shares them), and removes
 * both at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cli = await runOnce(
    'cli',
    () => transpileCli(join(import.meta.dirname, '..', '..')),
    (transpiled) => transpiled.remove(),
  );
  const runDir = await runOnce(
    'run-dir',
    async () => mkdtempSync(join(tmpdir(), 'paycontracts-run-')),
    // Synchronous: the runner may exit as soon as its teardowns return.
    (dir) => rmSync(dir, { recursive: true, force: true }),
  );
  project.provide('cliEntry', cli.value.entry);
  project.provide('runDir', runDir.value);
  return async () => {
    await runDir.release();
    await cli.release();
  };
}
