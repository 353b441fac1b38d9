import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { selectProviders } from '../../src/pipeline/provider-selection.js';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

describe('generated/ is current', () => {
  const root = projectRoot();
  let fresh: string;
  beforeAll(async () => {
    fresh = await mkdtemp(join(tmpdir(), 'paycontracts-fresh-'));
    await build({ providers: selectProviders(), outDir: fresh, lint: false, docs: false });
  }, 60_000);
  afterAll(() => rm(fresh, { recursive: true, force: true }));

  test('regenerating from specs/ changes no committed file and adds or drops none', async () => {
    const committed = (await listFiles(join(root, 'generated'))).filter((f) => !f.startsWith('docs/'));
    const regenerated = await listFiles(fresh);
    expect(regenerated).toEqual(committed);
    const stale: string[] = [];
    for (const file of regenerated) {
      const [a, b] = await Promise.all([readFile(join(fresh, file)), readFile(join(root, 'generated', file))]);
      if (!a.equals(b)) stale.push(file);
    }
    expect(stale, 'run `npm run build` and commit generated/').toEqual([]);
  });
});
