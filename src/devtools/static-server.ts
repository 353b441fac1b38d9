import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the files under `root` read-only on loopback (a free port unless `port` is given). Paths that leave
 * `root` are refused; a folder serves its index.html.
 */
export async function serveDirectory(
  root: string,
  options: { host?: string; port?: number } = {},
): Promise<StaticServer> {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const done = (status: number, text: string) =>
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    if (req.method !== 'GET' && req.method !== 'HEAD') return done(405, 'Only GET and HEAD are served.\n');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return done(400, 'Malformed URL.\n');
    }
    let file = resolve(join(base, pathname));
    if (file !== base && !file.startsWith(base + sep)) return done(403, 'Outside the served folder.\n');
    stat(file)
      .then(async (info) => {
        if (info.isDirectory()) {
          file = join(file, 'index.html');
          info = await stat(file);
        }
        res.writeHead(200, {
          'content-type': MEDIA_TYPES[extname(file)] ?? 'application/octet-stream',
          'content-length': info.size,
          'cache-control': 'no-store',
        });
        if (req.method === 'HEAD') return res.end();
        createReadStream(file).pipe(res);
      })
      .catch(() => done(404, `Not found: ${pathname}\n`));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
