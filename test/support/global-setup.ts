import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { transpileCli } from './cli-transpile.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `src/cli/main.ts` transpiled for this run (see transpileCli); the CLI tests spawn it with plain node. */
    cliEntry: string;
    /** A folder for this run only, where test files share work done once (see test/support/shared-work.ts). */
    runDir: string;
  }
}

/** Transpiles the CLI and makes a scratch folder once for the whole run, and removes both at the end. */
export default async function setup(project: TestProject): Promise<() => void> {
  const cli = await transpileCli(join(import.meta.dirname, '..', '..'));
  const runDir = mkdtempSync(join(tmpdir(), 'paycontracts-run-'));
  project.provide('cliEntry', cli.entry);
  project.provide('runDir', runDir);
  // Synchronous: the runner may exit as soon as its teardowns return.
  return () => {
    rmSync(runDir, { recursive: true, force: true });
    cli.remove();
  };
}
