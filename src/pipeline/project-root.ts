import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding paycontracts' package.json, found by walking up from this module (works from src/ and dist/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'paycontracts') return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(
        'Cannot find the paycontracts project root (no package.json named "paycontracts" above this module).',
      );
    dir = parent;
  }
}

export function specRootFile(slug: string, root = projectRoot()): string {
  return join(root, 'specs', slug, 'openapi.yaml');
}
