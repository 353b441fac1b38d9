import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { projectRoot } from '../../src/pipeline/project-root.js';

/**
 * The build is build-time only: it reads specs, never the runtime. A pipeline module that imports a sandbox, a
 * provider or the sandbox framework would make the docs restate what a sandbox does instead of what the spec says.
 */
const PIPELINE = join(projectRoot(), 'src', 'pipeline');
const RUNTIME = /(['"])\.\.\/(sandbox|providers|core\/sandbox)(\/[^'"]*)?\1/;

function imports(source: string): string[] {
  return [...source.matchAll(/(?:import|export)\s[^;]*?from\s+(['"][^'"]+['"])|import\(\s*(['"][^'"]+['"])\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? '',
  );
}

test('the import reader sees static, re-exported and dynamic imports', () => {
  const source = `import type { A } from '../sandbox/index.js';\nexport { b } from "../providers/x.js";\nawait import('../core/sandbox/server.js');`;
  expect(imports(source).filter((i) => RUNTIME.test(i))).toHaveLength(3);
});

test.each(readdirSync(PIPELINE).filter((f) => f.endsWith('.ts')))(
  'src/pipeline/%s imports no sandbox, provider or sandbox framework',
  (file) => {
    const runtime = imports(readFileSync(join(PIPELINE, file), 'utf8')).filter((i) => RUNTIME.test(i));
    expect(runtime).toEqual([]);
  },
);
