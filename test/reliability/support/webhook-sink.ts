import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A merchant webhook endpoint on loopback that acknowledges every delivery with 200 and counts them. */
export interface WebhookSink {
  url: string;
  received(): number;
  close(): Promise<void>;
}

/**
 * Where a request that names its own webhook URL (Chari Pay's `webhook_url`) points in tests: a sandbox delivers
 * real HTTP requests to that URL, and none may leave the machine.
 */
export async function startWebhookSink(): Promise<WebhookSink> {
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count += 1;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
