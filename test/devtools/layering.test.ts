import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/pipeline/project-root.js';

/**
 * The runtime (src/core, src/providers, src/sandbox: what a client or a sandbox loads) never reaches the
 * development tooling in src/devtools (Prism, child-process servers, the docs file server), not even through
 * another file. The graph is read from the import statements of the source files themselves.
 */
const root = projectRoot();
const src = join(root, 'src');
const RUNTIME = ['core', 'providers', 'sandbox'].map((dir) => join(src, dir));
const DEVTOOLS = join(src, 'devtools');

/** Every module specifier a source file names: static imports and re-exports (multi-line too) and import(). */
function importSpecifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The source files under src/ that `file` imports directly (package imports are not followed). */
function localImports(file: string): string[] {
  return (
    importSpecifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts'))
      // A specifier inside a string (code the pipeline writes out) names no source file here.
      .filter((target) => target.startsWith(src + sep) && existsSync(target))
  );
}

/** Each file reachable from `starts`, with the chain of imports that reaches it. */
function reachable(starts: string[]): Map<string, string[]> {
  const chains = new Map(starts.map((file) => [file, [file]] as [string, string[]]));
  const queue = [...starts];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const target of localImports(file)) {
      if (chains.has(target)) continue;
      chains.set(target, [...(chains.get(file) ?? []), target]);
      queue.push(target);
    }
  }
  return chains;
}

describe('import specifiers are read in every form', () => {
  test.each([
    ['named import', `import { a } from './x.js';`, ['./x.js']],
    ['type-only import', `import type { A } from '../devtools/prism.js';`, ['../devtools/prism.js']],
    ['import over several lines', `import {\n  a,\n  b,\n} from "./y.js";`, ['./y.js']],
    ['re-export', `export { a } from './z.js';\nexport * from './w.js';`, ['./z.js', './w.js']],
    ['side-effect import', `import './polyfill.js';`, ['./polyfill.js']],
    ['dynamic import', `const m = await import('../devtools/static-server.js');`, ['../devtools/static-server.js']],
    ['no import', `const from = 'x'; // imports nothing`, []],
  ])('%s', (_name, source, want) => {
    expect(importSpecifiers(source)).toEqual(want);
  });
});

describe('layers', () => {
  test('the graph is read: the runtime reaches its own files through imports', () => {
    const files = reachable(RUNTIME.flatMap(sourceFiles));
    expect(files.has(join(src, 'core', 'sandbox', 'server.ts'))).toBe(true);
    expect(files.has(join(src, 'core', 'error-body.ts')), 'providers import the error-body readers').toBe(true);
  });

  test('src/cli reaches src/devtools, so the check below can see such an import', () => {
    expect(reachable(sourceFiles(join(src, 'cli'))).has(join(DEVTOOLS, 'prism.ts'))).toBe(true);
  });

  test('no file under src/core, src/providers or src/sandbox imports src/devtools, directly or through another', () => {
    const leaks = [...reachable(RUNTIME.flatMap(sourceFiles)).values()]
      .filter((chain) => chain.at(-1)?.startsWith(DEVTOOLS + sep))
      .map((chain) => chain.map((file) => relative(root, file)).join(' → '));
    expect(leaks).toEqual([]);
  });
});
