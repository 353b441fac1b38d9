import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort, type RunningServer, startServerProcess } from './server-process.js';

const require = createRequire(import.meta.url);

/** Prism is an optional peer dependency: an installed paycontracts may not have it. */
export class PrismNotInstalledError extends Error {
  override name = 'PrismNotInstalledError';
}

function prismEntry(): string {
  try {
    return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  } catch {
    throw new PrismNotInstalledError(
      'Prism is not installed: run `npm install @stoplight/prism-cli` next to paycontracts.',
    );
  }
}

export interface PrismOptions {
  host?: string;
  port?: number;
  timeoutMs?: number;
}

/** `prism mock` on a bundled spec, on loopback; ready once it answers HTTP. */
export async function startPrismMock(specFile: string, options: PrismOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  return startServerProcess(process.execPath, [prismEntry(), 'mock', '-h', host, '-p', String(port), specFile], {
    url: `http://${host}:${port}`,
    timeoutMs: options.timeoutMs,
  });
}

/**
 * `prism proxy --errors` in front of an upstream: every response is validated against the spec. Requests are
 * forwarded unvalidated (`--validate-request=false`), so a deliberately invalid request reaches the provider and
 * comes back with the provider's own documented error, which is then validated like any response.
 */
export async function startPrismProxy(
  specFile: string,
  upstream: string,
  options: PrismOptions = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  return startServerProcess(
    process.execPath,
    [prismEntry(), 'proxy', '--errors', '--validate-request=false', '-h', host, '-p', String(port), specFile, upstream],
    {
      url: `http://${host}:${port}`,
      timeoutMs: options.timeoutMs,
    },
  );
}
