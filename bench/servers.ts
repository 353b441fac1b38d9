import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startPrismMock } from '../src/devtools/prism.js';
import { freePort, type RunningServer, startServerProcess } from '../src/devtools/server-process.js';
import { projectRoot } from '../src/pipeline/project-root.js';

const root = projectRoot();

export type ServerKind = 'sandbox' | 'prism' | 'bare';

/** Starts one server of the comparison in its own process, on a free loopback port. */
export async function startBenchServer(kind: ServerKind, slug: string): Promise<RunningServer> {
  if (kind === 'prism') return startPrismMock(join(root, 'generated', slug, 'openapi.json'));
  const port = await freePort();
  // Plain node on compiled code for both, so neither pays a TypeScript loader.
  const script = kind === 'sandbox' ? 'sandbox-server.mjs' : 'bare-server.mjs';
  if (kind === 'sandbox' && !existsSync(join(root, 'dist', 'src', 'sandbox', 'index.js')))
    throw new Error('Run `npm run build` first: the load benchmark runs the compiled sandbox.');
  return startServerProcess(process.execPath, [join(root, 'bench', script)], {
    url: `http://127.0.0.1:${port}`,
    env: { PORT: String(port), SLUG: slug },
  });
}
