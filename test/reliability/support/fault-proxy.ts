import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from './seeded-random.js';

/**
 * What the proxy does to one request. `before` faults never reach the upstream; `after` faults hit once the upstream
 * has processed the request, so the client cannot tell whether it happened: the case idempotency keys exist for.
 */
export type FaultKind = 'pass' | 'unavailable' | 'reset' | 'delay';
export type FaultTiming = 'before' | 'after';
export interface FaultDecision {
  kind: FaultKind;
  timing: FaultTiming;
}

/** Fractions of requests (the rest pass untouched). */
export interface FaultRates {
  unavailable: number;
  reset: number;
  delay: number;
}

/** Decides per request from a seeded PRNG: the sequence of decisions is the same on every run with one seed. */
export function seededFaults(seed: number, rates: FaultRates): (requestNumber: number) => FaultDecision {
  if (rates.unavailable + rates.reset + rates.delay > 1) throw new RangeError('fault rates add up to more than 1.');
  const random = seededRandom(seed);
  return () => {
    const roll = random();
    const timing: FaultTiming = random() < 0.5 ? 'before' : 'after';
    if (roll < rates.unavailable) return { kind: 'unavailable', timing };
    if (roll < rates.unavailable + rates.reset) return { kind: 'reset', timing };
    if (roll < rates.unavailable + rates.reset + rates.delay) return { kind: 'delay', timing };
    return { kind: 'pass', timing };
  };
}

export interface ProxiedRequest {
  idempotencyKey: string | undefined;
  decision: FaultDecision;
}

export interface FaultProxyOptions {
  /** the upstream base URL, e.g. a sandbox's `url` */
  target: string;
  decide: (requestNumber: number) => FaultDecision;
  /** how long a `delay` fault holds the request: make it longer than the client's timeout */
  delayMs: number;
}

export interface FaultProxy {
  url: string;
  /** requests received, whatever happened to them */
  readonly requests: number;
  /** requests the upstream received (and processed) */
  readonly forwarded: number;
  /** `kind:timing` → count */
  readonly injected: Record<string, number>;
  /** every request in arrival order: its idempotency key (if any) and what the proxy did to it */
  readonly log: readonly ProxiedRequest[];
  /** Waits for every request under way, including held ones the client already gave up on. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
  'content-encoding',
]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A TCP reset where the platform can send one, else an abrupt close: either way the client gets no reply. */
function resetConnection(req: IncomingMessage): void {
  const socket = req.socket as IncomingMessage['socket'] & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function unavailable(res: ServerResponse): void {
  const body = JSON.stringify({
    error: { type: 'api_error', code: 'service_unavailable', message: 'Injected by the fault proxy.' },
  });
  // Retry-After: 0 so the client retries at once and the run stays short; the backoff itself is unit-tested.
  res
    .writeHead(503, {
      'content-type': 'application/json',
      'retry-after': '0',
      'content-length': String(Buffer.byteLength(body)),
    })
    .end(body);
}

/**
 * A loopback HTTP proxy that answers 503, resets connections or holds requests past the client's timeout, each
 * before or after forwarding to the upstream, as `decide` says.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = options.target.replace(/\/+$/, '');
  let requests = 0;
  let forwarded = 0;
  const injected: Record<string, number> = {};
  const log: ProxiedRequest[] = [];

  // node:http on keep-alive sockets: fetch's streams would cost more CPU than the sandbox behind the proxy.
  const agent = new Agent({ keepAlive: true });
  const forward = (req: IncomingMessage, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
    if (body.length > 0) headers['content-length'] = String(body.length);
    forwarded += 1;
    return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const upstream = request(`${target}${req.url ?? '/'}`, { method: req.method, headers, agent }, (response) => {
        readBody(response).then((answer) => {
          const replyHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers))
            if (value !== undefined && !HOP_BY_HOP.has(name))
              replyHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: response.statusCode ?? 502, headers: replyHeaders, body: answer });
        }, reject);
      });
      upstream.once('error', reject).end(body.length > 0 ? body : undefined);
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const decision = options.decide(requests++);
    const key = req.headers['idempotency-key'];
    log.push({ idempotencyKey: typeof key === 'string' ? key : undefined, decision });
    if (decision.kind !== 'pass')
      injected[`${decision.kind}:${decision.timing}`] = (injected[`${decision.kind}:${decision.timing}`] ?? 0) + 1;
    const body = await readBody(req);
    if (decision.timing === 'before') {
      if (decision.kind === 'unavailable') return unavailable(res);
      if (decision.kind === 'reset') return resetConnection(req);
      // Held past the client's timeout, then sent anyway: it reaches the upstream after the client gave up.
      if (decision.kind === 'delay') await sleep(options.delayMs);
    }
    const upstream = await forward(req, body);
    if (decision.timing === 'after') {
      if (decision.kind === 'unavailable') return unavailable(res);
      if (decision.kind === 'reset') return resetConnection(req);
      if (decision.kind === 'delay') await sleep(options.delayMs);
    }
    if (res.destroyed || res.socket?.destroyed) return;
    upstream.headers['content-length'] = String(upstream.body.length);
    res.writeHead(upstream.status, upstream.headers).end(upstream.body);
  };

  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const work = handle(req, res).catch((error: unknown) => {
      // The upstream is a loopback sandbox; failing to reach it is a fault of the test, shown to the client as a 502.
      if (!res.headersSent && !res.destroyed)
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`fault proxy: ${(error as Error).message}`);
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get forwarded() {
      return forwarded;
    },
    injected,
    log,
    settle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
