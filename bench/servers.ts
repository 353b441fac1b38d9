import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startPrismMock } from '../src/core/prism.js';
import { freePort, startServerProcess, type RunningServer } from '../src/core/server-process.js';
import { projectRoot } from '../src/pipeline/project-root.js';

const require = createRequire(import.meta.url);
const root = projectRoot();
const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');

export type ServerKind = 'sandbox' | 'prism' | 'bare';

/** Starts one server of the comparison in its own process, on a free loopback port. */
export async function startBenchServer(kind: ServerKind, slug: string): Promise<RunningServer> {
  if (kind === 'prism') return startPrismMock(join(root, 'generated', slug, 'openapi.json'));
  const port = await freePort();
  const script = kind === 'sandbox' ? 'sandbox-server.ts' : 'bare-server.ts';
  return startServerProcess(process.execPath, [tsx, join(root, 'bench', script)], {
    url: `http://127.0.0.1:${port}`,
    env: { PORT: String(port), SLUG: slug },
  });
}
