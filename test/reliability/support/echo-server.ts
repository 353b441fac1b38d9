import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The careless provider: answers every request with `status` and an error body that repeats everything it received
 * (method, URL with its query, headers, body) in the message field of each provider's error shape, so a client that
 * copies a provider's error into its own error or log would leak the caller's credentials and card data.
 */
export async function startEchoServer(status: number): Promise<EchoServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let pretty = raw;
      try {
        pretty = JSON.stringify(JSON.parse(raw), null, 2);
      } catch {
        // not JSON: echoed as received
      }
      // Pretty-printed, as a provider's debug message would show it: `"cvv": "987"`.
      const text = `received ${req.method} ${req.url} with headers ${JSON.stringify(req.headers, null, 1)} and body ${pretty}`;
      const body = JSON.stringify({
        error: { type: 'api_error', code: 'echo', message: text },
        errorCode: 'echo',
        errorDescription: text,
        code: 'echo',
        message: text,
        echoed: { headers: req.headers, url: req.url, body: raw },
      });
      res
        .writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) })
        .end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
