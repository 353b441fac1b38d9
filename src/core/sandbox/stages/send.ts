import type { ServerResponse } from 'node:http';
import type { SandboxReply } from '../types.js';

/** Send: JSON serialized once, with its length. A HEAD request gets the headers of the GET and no body. */
export function send(res: ServerResponse, reply: SandboxReply, head = false): void {
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body !== undefined && !hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  res.end(head ? undefined : body);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  for (const key in headers) if (key.toLowerCase() === name) return true;
  return false;
}
