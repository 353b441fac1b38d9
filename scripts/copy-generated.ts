// After tsc: place the generated runtime modules beside the compiled sources, so dist/ resolves the same relative
// imports as src/ does.
import { cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../src/pipeline/project-root.js';

const root = projectRoot();
for (const entry of await readdir(join(root, 'generated'), { withFileTypes: true, recursive: true })) {
  if (
    !entry.isFile() ||
    !/\.(js|d\.ts)$/.test(entry.name) ||
    entry.parentPath.includes(`${join(root, 'generated', 'docs')}`)
  )
    continue;
  const from = join(entry.parentPath, entry.name);
  await cp(from, join(root, 'dist', from.slice(root.length + 1)));
}
