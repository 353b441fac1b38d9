import { rmSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Transpiles `src/` as it is on disk (type annotations stripped by esbuild, the transform tsx applies on the fly)
 * into a fresh folder under `node_modules/.cache`, keeping every file at the same relative place, so that the CLI
 * tests can spawn plain `node …/src/cli/main.js` instead of starting tsx's loader thread for every command line.
 * `generated/` is linked beside it (its modules are already JavaScript), and the folder sits inside the project so
 * that `projectRoot()` and package resolution walk up to the real checkout. Returns the entry and a cleanup.
 */
export async function transpileCli(root: string): Promise<{ entry: string; remove(): void }> {
  const out = join(root, 'node_modules', '.cache', 'paycontracts-test-cli', `${process.pid}-${Date.now()}`);
  await mkdir(out, { recursive: true });
  // Synchronous: the runner may exit as soon as its teardowns return.
  const remove = () => rmSync(out, { recursive: true, force: true });
  try {
    // A folder inside node_modules is outside the project's package scope: mark the output as ES modules.
    await writeFile(join(out, 'package.json'), '{ "type": "module", "private": true }\n');
    await symlink(join(root, 'generated'), join(out, 'generated'), 'dir');
    const sources = (await readdir(join(root, 'src'), { recursive: true }))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .map((file) => join(root, 'src', file));
    await build({
      entryPoints: sources,
      outdir: join(out, 'src'),
      outbase: join(root, 'src'),
      bundle: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      tsconfig: join(root, 'tsconfig.json'),
      logLevel: 'silent',
    });
  } catch (error) {
    remove();
    throw error;
  }
  return { entry: join(out, 'src', 'cli', 'main.js'), remove };
}
