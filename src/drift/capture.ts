import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { OpenApiDocument } from '../core/openapi-document.js';
import { OperationIndex } from '../core/operation-index.js';
import { redactHeaders, redactText, redactValue } from '../core/redact.js';
import { SpecRoutes } from './routes.js';
import type { CapturedExchange } from './types.js';

/** Bodies beyond this are kept as a note, not in full: a report is read by people. */
const MAX_BODY_BYTES = 256 * 1024;

/** Headers that describe one hop, not the message: the proxy sets its own. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export interface CaptureOptions {
  /** the provider's real base URL (`<SLUG>_BASE_URL`) */
  upstream: string;
  spec: OpenApiDocument;
  /** credential values of the run, removed wherever they appear */
  secrets?: readonly string[];
  host?: string;
}

export interface CaptureProxy {
  url: string;
  /** every exchange so far, redacted, in the order the answers came */
  readonly exchanges: CapturedExchange[];
  stop(): Promise<void>;
}

export function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/** A body as the report keeps it: parsed JSON when it is JSON, text otherwise, always redacted. */
export function redactedBody(raw: Buffer, contentType: string | undefined, secrets: readonly string[]): unknown {
  if (raw.length === 0) return undefined;
  if (raw.length > MAX_BODY_BYTES) return `[${raw.length} bytes, not kept]`;
  const text = raw.toString('utf8');
  if (/json/i.test(contentType ?? '')) {
    try {
      return redactValue(JSON.parse(text), secrets);
    } catch {
      // Not JSON despite its content type: kept as text, which the comparison reports.
    }
  }
  return redactText(text, secrets);
}

function forwardHeaders(req: IncomingMessage, target: URL): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers))
    if (!HOP_HEADERS.has(name) && value !== undefined) headers[name] = value;
  headers.host = target.host;
  return headers;
}

function send(
  target: URL,
  method: string,
  headers: OutgoingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const out = request(target, { method, headers }, (res) => {
      readAll(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }), reject);
    });
    out.once('error', reject);
    out.end(body);
  });
}

/**
 * The live run's recorder: a loopback proxy between `prism proxy` and the provider. It forwards each request as it
 * came and hands back the provider's answer byte for byte, so the scenarios see what they would see without it, and
 * keeps a redacted copy of both: the real answer, before Prism rewrites a violation into its own error.
 */
export async function startCaptureProxy(options: CaptureOptions): Promise<CaptureProxy> {
  const secrets = options.secrets ?? [];
  const routes = new SpecRoutes(options.spec);
  const operations = new OperationIndex(options.spec);
  const base = new URL(options.upstream);
  const exchanges: CapturedExchange[] = [];
  const server = createServer(async (req, res) => {
    const started = performance.now();
    try {
      const requestBody = await readAll(req);
      const incoming = new URL(req.url ?? '/', 'http://capture');
      const target = new URL(`${base.pathname.replace(/\/$/, '')}${incoming.pathname}${incoming.search}`, base);
      const method = req.method ?? 'GET';
      const answer = await send(target, method, forwardHeaders(req, target), requestBody);
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers))
        if (!HOP_HEADERS.has(name) && value !== undefined) headers[name] = value;
      headers['content-length'] = answer.body.length;
      res.writeHead(answer.status, headers).end(answer.body);
      const pathTemplate = routes.match(incoming.pathname);
      exchanges.push({
        method,
        path: incoming.pathname,
        query: redactText(incoming.search, secrets),
        pathTemplate,
        operationId: pathTemplate ? operations.find(method, pathTemplate)?.operationId : undefined,
        requestHeaders: redactHeaders(req.headers, secrets),
        requestBody: redactedBody(requestBody, req.headers['content-type'], secrets),
        status: answer.status,
        responseHeaders: redactHeaders(answer.headers, secrets),
        responseBody: redactedBody(answer.body, answer.headers['content-type'], secrets),
        durationMs: Math.round(performance.now() - started),
      });
    } catch (error) {
      // The provider could not be reached: answered as a gateway would, and not an exchange with the provider.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`paycontracts drift capture: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
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
