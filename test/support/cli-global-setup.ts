import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { transpileCli } from './cli-transpile.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `src/cli/main.ts` transpiled for this run (see transpileCli); the CLI tests spawn it with plain node. */
    cliEntry: string;
  }
}

/** Transpiles the CLI once for the whole run and removes the output at the end. */
export default async function setup(project: TestProject): Promise<() => void> {
  const { entry, remove } = await transpileCli(join(import.meta.dirname, '..', '..'));
  project.provide('cliEntry', entry);
  return remove;
}
