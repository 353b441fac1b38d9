import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

/*
 * Our own file server rather than a library. Measured against the adversarial cases in
 * test/docs/static-server.test.ts: sirv 3.0.2 served /etc/passwd through a symlink and died on one to
 * /proc/self/mem; serve-handler 6.1.6 served files through a symlinked folder and died on a file deleted
 * mid-request (both pipe a read stream that has no error handler). Serving a built folder read-only takes this much.
 */

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** On every answer: no MIME sniffing, no caching of a site that is rebuilt in place. */
const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/** The 404 page names the path it did not find, escaped, on a page that may run nothing. */
function notFound(res: ServerResponse, pathname: string): void {
  res
    .writeHead(404, {
      ...COMMON_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'",
    })
    .end(
      `<!doctype html><title>Not found</title><p>Not found: <code>${escapeHtml(pathname)}</code>. ` +
        '<a href="/docs/">Back to the docs</a>.</p>\n',
    );
}

type Refusal = { status: 400 | 403 | 404 };

/** The real path a request names, if it stays inside `realRoot` once every symlink on the way is followed. */
async function resolveInside(realRoot: string, pathname: string): Promise<{ file: string } | Refusal> {
  if (pathname.includes('\0')) return { status: 400 };
  const lexical = resolve(join(realRoot, pathname));
  const inside = (path: string) => path === realRoot || path.startsWith(realRoot + sep);
  if (!inside(lexical)) return { status: 403 };
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    return { status: 404 };
  }
  return inside(real) ? { file: real } : { status: 403 };
}

interface OpenedFile {
  handle: FileHandle;
  size: number;
  path: string;
}

/**
 * Opens the regular file a request names (a folder gives its index.html, checked like any path). The open handle is
 * what is then measured and read, so a file deleted or replaced after this point is still served whole, and one
 * deleted before it is a 404. O_NONBLOCK keeps a FIFO from hanging the open; it is refused as not a regular file.
 */
async function openServable(realRoot: string, pathname: string, folder = true): Promise<OpenedFile | Refusal> {
  const resolved = await resolveInside(realRoot, pathname);
  if ('status' in resolved) return resolved;
  let handle: FileHandle;
  try {
    handle = await open(resolved.file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return { status: 404 };
  }
  const info = await handle.stat().catch(() => undefined);
  if (info?.isFile()) return { handle, size: info.size, path: resolved.file };
  await handle.close().catch(() => undefined);
  return info?.isDirectory() && folder ? openServable(realRoot, join(pathname, 'index.html'), false) : { status: 404 };
}

async function serveFile(realRoot: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Only GET and HEAD are served.\n');
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return reply(res, 400, 'Malformed URL.\n');
  }
  const opened = await openServable(realRoot, pathname);
  if ('status' in opened) {
    if (opened.status === 400) return reply(res, 400, 'Malformed URL.\n');
    if (opened.status === 403) return reply(res, 403, 'Outside the served folder.\n');
    return notFound(res, pathname);
  }
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': MEDIA_TYPES[extname(opened.path)] ?? 'application/octet-stream',
    'content-length': opened.size,
  });
  if (req.method === 'HEAD' || opened.size === 0) {
    await opened.handle.close();
    return void res.end();
  }
  const stream = opened.handle.createReadStream({ start: 0, end: opened.size - 1 });
  // A read that fails after the headers went out (an I/O error, a vanished device) can only cut the response.
  stream.once('error', () => res.destroy());
  res.once('close', () => stream.destroy());
  stream.pipe(res);
}

/**
 * Serves the files under `root` read-only on loopback (a free port unless `port` is given). Paths that leave
 * `root`, directly or through a symlink, are refused; a folder serves its index.html.
 */
export async function serveDirectory(
  root: string,
  options: { host?: string; port?: number } = {},
): Promise<StaticServer> {
  const realRoot = await realpath(resolve(root));
  const server = createServer((req, res) => {
    serveFile(realRoot, req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else reply(res, 500, 'The file could not be read.\n');
    });
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
