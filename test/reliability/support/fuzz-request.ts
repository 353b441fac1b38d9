import { Agent, request as send } from 'node:http';

/** One HTTP request as the fuzzers build it: every part can be broken independently of the others. */
export interface FuzzRequest {
  method: string;
  /** the spec's path template, `{id}` placeholders filled from `path` */
  pathTemplate: string;
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  /** lower-cased names */
  headers: Record<string, string>;
  /** the bytes sent and their Content-Type; bytes without one go out with no Content-Type at all */
  body?: { contentType?: string; data: string | Uint8Array };
}

export interface FuzzOutcome {
  /** 0 when no response came back (connection error or the per-request time limit) */
  status: number;
  text: string;
  contentType: string | null;
  error?: string;
}

/** Text a header can carry: printable ASCII without surrounding spaces (fetch refuses other bytes and trims spaces). */
export function headerText(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '').trim();
}

export function jsonBody(value: unknown): FuzzRequest['body'] {
  return { contentType: 'application/json', data: JSON.stringify(value) };
}

export function urlOf(baseUrl: string, request: FuzzRequest): string {
  const path = request.pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    encodeURIComponent(request.path[name] ?? ''),
  );
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query))
    for (const v of Array.isArray(value) ? value : [value]) search.append(name, v);
  const query = search.toString();
  return `${baseUrl}${path}${query ? `?${query}` : ''}`;
}

/** The headers fetch adds to every request (Node 20's undici), sent here too unless the case sets its own. */
const FETCH_DEFAULT_HEADERS: Record<string, string> = {
  accept: '*/*',
  'accept-language': '*',
  'sec-fetch-mode': 'cors',
  'user-agent': 'node',
  'accept-encoding': 'gzip, deflate',
};
/** Methods fetch sends a `content-length: 0` for when there is no body. */
const EMPTY_BODY_LENGTH = new Set(['POST', 'PUT', 'PATCH']);
const agent = new Agent({ keepAlive: true });

function failure(error: unknown): FuzzOutcome {
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return {
    status: 0,
    text: '',
    contentType: null,
    error: `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
  };
}

/**
 * Sends a request and reads the whole answer, over node:http on keep-alive sockets with the headers fetch would send
 * (fetch's streams cost several times the CPU for the thousands of requests a run makes). A response that does not
 * come within `timeoutMs` is recorded as a hang (status 0), never waited on forever.
 */
export function sendRequest(baseUrl: string, request: FuzzRequest, timeoutMs: number): Promise<FuzzOutcome> {
  const headers: Record<string, string> = { ...FETCH_DEFAULT_HEADERS, ...request.headers };
  let body: Buffer | undefined;
  if (request.body) {
    body = Buffer.from(request.body.data);
    if (request.body.contentType !== undefined) headers['content-type'] = request.body.contentType;
    else if (typeof request.body.data === 'string') headers['content-type'] = 'text/plain;charset=UTF-8';
  }
  const method = request.method.toUpperCase();
  if (body) headers['content-length'] = String(body.length);
  else if (EMPTY_BODY_LENGTH.has(method)) headers['content-length'] = '0';
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: FuzzOutcome) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    try {
      const outgoing = send(urlOf(baseUrl, request), { method, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', (error) => settle(failure(error)));
        response.once('end', () =>
          settle({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            contentType: response.headers['content-type'] ?? null,
          }),
        );
      });
      outgoing.once('error', (error) => settle(failure(error)));
      // Whatever ends the exchange without an answer read to its end (a reset mid-body) is no response.
      outgoing.once('close', () => settle(failure(new Error('the connection closed before the answer ended'))));
      timer = setTimeout(() => {
        const error = new Error(`no answer within ${timeoutMs} ms`);
        error.name = 'TimeoutError';
        outgoing.destroy(error);
      }, timeoutMs);
      outgoing.end(body);
    } catch (error) {
      settle(failure(error));
    }
  });
}
