import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderSlug } from '../../src/core/providers.js';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';

/** One way the drifted provider departs from the spec, on the requests it matches. */
export interface Injection {
  method: string;
  path: RegExp;
  status?: number;
  body?: (body: Record<string, unknown>) => unknown;
  dropHeaders?: string[];
}

export interface DriftedProvider {
  url: string;
  sandbox: RunningSandbox;
  stop(): Promise<void>;
}

/**
 * A provider that disagrees with our spec in known ways: a loopback proxy in front of a sandbox that renames a
 * field, answers another status, drops a header, … on the requests an injection names, and passes the rest as is.
 */
export async function startDriftedProvider(
  slug: ProviderSlug,
  injections: Injection[],
  options: SandboxOptions = {},
): Promise<DriftedProvider> {
  const sandbox = await startSandbox(slug, { rateLimit: false, ...options });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([n, v]) => typeof v === 'string' && n !== 'host' && n !== 'connection'),
    ) as Record<string, string>;
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const answer = await fetch(`${sandbox.url}${req.url}`, { method: req.method, headers, body });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const injection = injections.find((i) => i.method === req.method && i.path.test(path));
    let text = await answer.text();
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) out[name] = value;
    });
    for (const name of injection?.dropHeaders ?? []) delete out[name.toLowerCase()];
    if (injection?.body) text = JSON.stringify(injection.body(text ? JSON.parse(text) : {}));
    res.writeHead(injection?.status ?? answer.status, out).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sandbox,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}
