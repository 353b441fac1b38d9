import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactHeaders, redactText } from '../core/redact.js';
import { readAll, redactedBody } from './capture.js';
import type { CapturedExchange } from './types.js';

export interface WebhookRecorderOptions {
  /** the local port a tunnel forwards the provider's deliveries to; 0 picks a free one */
  port: number;
  /** credential and webhook-secret values of the run, removed wherever they appear */
  secrets?: readonly string[];
  host?: string;
}

export interface WebhookRecorder {
  url: string;
  /** every delivery so far, redacted, in the order they arrived */
  readonly exchanges: CapturedExchange[];
  stop(): Promise<void>;
}

/**
 * The live run's webhook endpoint: a loopback receiver a tunnel exposes to the provider. It answers every delivery
 * 200 (the acknowledgement every spec asks for) and keeps a redacted copy of each POST, headers and body; the
 * signature and API-key headers go by name, like every secret header of the capture.
 */
export async function startWebhookRecorder(options: WebhookRecorderOptions): Promise<WebhookRecorder> {
  const secrets = options.secrets ?? [];
  const exchanges: CapturedExchange[] = [];
  const server = createServer(async (req, res) => {
    const started = performance.now();
    try {
      const body = await readAll(req);
      res.writeHead(200, { 'content-length': 0 }).end();
      // A tunnel's or a provider's reachability check (GET, HEAD) is answered, not a delivery.
      if (req.method !== 'POST') return;
      const url = new URL(req.url ?? '/', 'http://webhook');
      exchanges.push({
        kind: 'webhook',
        method: req.method,
        path: url.pathname,
        query: redactText(url.search, secrets),
        requestHeaders: redactHeaders(req.headers, secrets),
        requestBody: redactedBody(body, req.headers['content-type'], secrets),
        status: 200,
        responseHeaders: {},
        durationMs: Math.round(performance.now() - started),
      });
    } catch {
      // The sender hung up mid-body: nothing arrived to record.
      if (!res.headersSent) res.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`The webhook port ${options.port} is in use; pick a free one for --webhook-port.`)
          : new Error(`Cannot receive webhooks on port ${options.port}: ${error.message}.`),
      ),
    );
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    exchanges,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
