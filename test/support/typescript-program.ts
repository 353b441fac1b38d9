import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { sharedWork } from './shared-work.js';

export interface TypeScriptOutcome {
  /** tsc's output for `tsc --noEmit -p tsconfig.json`: empty when the whole project compiles */
  check: string;
  /** tsc's output for `tsc -p tsconfig.build.json`, which wrote dist/: empty when the build succeeded */
  build: string;
}

/**
 * One TypeScript program for the project per run, shared by the files that need it (test/pipeline/typescript and
 * test/package/consumer): it checks everything and writes dist/ (see typescript-check-and-build.ts).
 */
export function typescriptProject(): Promise<TypeScriptOutcome> {
  return sharedWork(
    'typescript',
    async () => {
      const root = projectRoot();
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', join(root, 'test', 'support', 'typescript-check-and-build.ts'), root],
        { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      );
      return JSON.parse(stdout) as TypeScriptOutcome;
    },
    240_000,
  );
}
