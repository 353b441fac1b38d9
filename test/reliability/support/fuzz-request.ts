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

/**
 * Sends a request and reads the whole answer. A response that does not come within `timeoutMs` is recorded as a
 * hang (status 0), never waited on forever.
 */
export async function sendRequest(baseUrl: string, request: FuzzRequest, timeoutMs: number): Promise<FuzzOutcome> {
  const headers = new Headers(request.headers);
  let body: BodyInit | undefined;
  if (request.body) {
    body = typeof request.body.data === 'string' ? request.body.data : new Blob([new Uint8Array(request.body.data)]);
    if (request.body.contentType !== undefined) headers.set('content-type', request.body.contentType);
  }
  try {
    const response = await fetch(urlOf(baseUrl, request), {
      method: request.method,
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return {
      status: 0,
      text: '',
      contentType: null,
      error: `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
    };
  }
}
