/**
 * An injected `fetch` for client tests, as openapi-fetch's own tests do: no network, no mocks of our code. Each call
 * is recorded (method, URL, headers, body text) and answered by a responder that sees the call number.
 */

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** A reply: a status and JSON body, a ready Response, or an Error to throw as a connection failure. */
export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> } | Response | Error;

export interface FakeFetch {
  fetch: (request: Request) => Promise<Response>;
  requests: RecordedRequest[];
}

export function json(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  const text = body === undefined ? null : JSON.stringify(body);
  return new Response(text, {
    status,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
  });
}

/** Replies in order (the last one repeats), or from a function of the request and the 0-based call number. */
export function fakeFetch(
  replies: Reply[] | ((request: RecordedRequest, call: number) => Reply | Promise<Reply>),
): FakeFetch {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    fetch: async (request) => {
      // Like the real fetch: a request whose signal is already aborted fails before anything is sent.
      request.signal.throwIfAborted();
      const recorded = {
        method: request.method,
        url: new URL(request.url),
        headers: new Headers(request.headers),
        body: await request.text(),
      };
      requests.push(recorded);
      const call = requests.length - 1;
      const reply =
        typeof replies === 'function' ? await replies(recorded, call) : replies[Math.min(call, replies.length - 1)]!;
      if (reply instanceof Error) throw reply;
      if (reply instanceof Response) return reply;
      return json(reply.status ?? 200, reply.body, reply.headers);
    },
  };
}

/** A fetch that never answers: it rejects only when the request's signal aborts (timeout or caller). */
export function hangingFetch(): FakeFetch {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    fetch: (request) => {
      requests.push({
        method: request.method,
        url: new URL(request.url),
        headers: new Headers(request.headers),
        body: '',
      });
      return new Promise<Response>((_, reject) => {
        if (request.signal.aborted) return reject(request.signal.reason);
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      });
    },
  };
}

/** A connection failure as undici reports it. */
export function connectionRefused(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
  });
}
