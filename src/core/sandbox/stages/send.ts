import type { ServerResponse } from 'node:http';
import type { SandboxReply } from '../types.js';

/**
 * Send: JSON serialized once, with its length. A string body with a non-JSON Content-Type (a hosted page's HTML) is
 * sent as it is. A HEAD request gets the headers of the GET and no body. Returns the body as sent (for the request log).
 */
export function send(res: ServerResponse, reply: SandboxReply, head = false): string {
  const headers: Record<string, string> = { ...reply.headers };
  const contentType = headerValue(headers, 'content-type');
  const raw = typeof reply.body === 'string' && contentType !== undefined && !/json/i.test(contentType);
  const body = reply.body === undefined ? '' : raw ? (reply.body as string) : JSON.stringify(reply.body);
  if (reply.body !== undefined && contentType === undefined) headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  res.end(head ? undefined : body);
  return body;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const key in headers) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}
