/**
 * The sandbox's record of the provider-API requests it answered, for the dashboard and `GET /__sandbox/requests`.
 * Recording is cheap: a request's parsed body and the reply's serialized text are kept by reference, never
 * serialized again, and no header is kept (so no credential is stored from one); bodies are redacted with the
 * clients' redaction each time they are read. The log is bounded: the most recent `DEFAULT_REQUEST_LOG_SIZE`
 * requests, a body over `MAX_KEPT_BODY_BYTES` replaced by its size.
 */
import type { components } from '../../../generated/sandbox-control/schema.js';
import { redactText, redactValue } from '../redact.js';
import { randomHex } from './random.js';

/** A request as the control API shows it (sandbox-control spec, `SandboxRequest`). */
export type SandboxRequestView = components['schemas']['SandboxRequest'];

/** How many requests are kept: the most recent, the oldest dropped first (the control spec says the same). */
export const DEFAULT_REQUEST_LOG_SIZE = 1000;
/** A body larger than this is not kept, only its size: 1,000 requests stay a few tens of MB at most. */
export const MAX_KEPT_BODY_BYTES = 64 * 1024;

export interface RequestRecordInput {
  method: string;
  /** path and query as requested */
  target: string;
  status: number;
  latencyMs: number;
  /** sandbox clock, ms */
  at: number;
  /** the provider's request-id header as sent, when the operation has one */
  requestId?: string;
  /** the parsed request body (kept by reference) */
  requestBody?: unknown;
  /** the request body's declared length, to leave out a large one without measuring it */
  requestBytes?: number;
  /** the reply as sent (kept by reference) */
  responseText?: string;
}

interface StoredRequest extends RequestRecordInput {
  seq: number;
}

export interface RequestPageRequest {
  /** a status class (`4xx`) or one status (`404`) */
  status?: string;
  /** only paths that start with it */
  path?: string;
  cursor?: string;
  limit: number;
}

/** A cursor, status filter or limit the log cannot read; the message says what to send. */
export class RequestLogQueryError extends RangeError {}

const encodeCursor = (seq: number) => Buffer.from(`r:${seq}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string): number {
  const match = /^r:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1])
    throw new RequestLogQueryError(
      `The cursor ${JSON.stringify(cursor)} was not issued by this sandbox; pass a nextCursor from a previous page.`,
    );
  return Number(match[1]);
}

function statusFilter(status: string | undefined): ((value: number) => boolean) | undefined {
  if (status === undefined) return undefined;
  const match = /^([1-5])(xx|\d\d)$/i.exec(status);
  if (!match) throw new RequestLogQueryError(`status must be a class such as 4xx or a status such as 404.`);
  if (match[2]?.toLowerCase() === 'xx') {
    const low = Number(match[1]) * 100;
    return (value) => value >= low && value < low + 100;
  }
  return (value) => value === Number(status);
}

/** A body for reading: JSON redacted field by field, other text redacted as text, a large one as its size. */
function redactedBody(body: unknown, secrets: readonly string[]): unknown {
  if (body === undefined) return undefined;
  if (typeof body !== 'string') return redactValue(body, secrets);
  try {
    return redactValue(JSON.parse(body), secrets);
  } catch {
    return redactText(body, secrets);
  }
}

/** The credential values a sandbox accepts, as texts a body or path might echo (Basic's username and password apart). */
export function credentialTexts(
  credentials: Record<string, string | { username: string; password: string }>,
): string[] {
  return Object.values(credentials).flatMap((value) =>
    typeof value === 'string' ? [value] : [value.username, value.password],
  );
}

export class RequestLog {
  /** a ring: the record of request `seq` sits at `seq % size` */
  private readonly ring: (StoredRequest | undefined)[];
  private nextSeq = 1;
  /** the first seq still recorded (a reset moves it on, so cursors stay meaningful) */
  private firstSeq = 1;
  private readonly idPrefix = `req_${randomHex(4)}`;

  /** `secrets`: the credentials the sandbox accepts, masked wherever a body or path echoes one */
  constructor(
    private readonly secrets: () => readonly string[],
    private readonly size = DEFAULT_REQUEST_LOG_SIZE,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a whole number, 1 or more.`);
    this.ring = new Array(size);
  }

  record(input: RequestRecordInput): void {
    const seq = this.nextSeq++;
    // Fields named rather than spread, and the sandbox's own id made only when read: this runs on every request.
    const { method, target, status, latencyMs, at, requestId, requestBody, requestBytes, responseText } = input;
    const stored: StoredRequest = {
      seq,
      method,
      target,
      status,
      latencyMs,
      at,
      requestId,
      requestBody,
      requestBytes,
      responseText,
    };
    if ((input.requestBytes ?? 0) > MAX_KEPT_BODY_BYTES) stored.requestBody = `(${input.requestBytes} bytes, not kept)`;
    if ((input.responseText?.length ?? 0) > MAX_KEPT_BODY_BYTES)
      stored.responseText = `(${input.responseText?.length} characters, not kept)`;
    this.ring[seq % this.size] = stored;
  }

  get length(): number {
    return Math.min(this.nextSeq - this.firstSeq, this.size);
  }

  /** Newest first, a page at a time, bodies and paths redacted. */
  page(request: RequestPageRequest): { requests: SandboxRequestView[]; nextCursor?: string } {
    const { limit, path } = request;
    if (!Number.isInteger(limit) || limit < 1)
      throw new RequestLogQueryError(`limit must be a whole number, 1 or more.`);
    const matchesStatus = statusFilter(request.status);
    const oldest = Math.max(this.firstSeq, this.nextSeq - this.size);
    let seq = request.cursor === undefined ? this.nextSeq - 1 : decodeCursor(request.cursor) - 1;
    const found: StoredRequest[] = [];
    let more = false;
    for (; seq >= oldest; seq--) {
      const record = this.ring[seq % this.size];
      if (!record || record.seq !== seq) continue;
      if (matchesStatus && !matchesStatus(record.status)) continue;
      if (path !== undefined && !record.target.startsWith(path)) continue;
      if (found.length === limit) {
        more = true;
        break;
      }
      found.push(record);
    }
    const last = found.at(-1);
    return {
      requests: found.map((record) => this.view(record)),
      ...(more && last ? { nextCursor: encodeCursor(last.seq) } : {}),
    };
  }

  clear(): void {
    this.firstSeq = this.nextSeq;
    this.ring.fill(undefined);
  }

  private view(record: StoredRequest): SandboxRequestView {
    const secrets = this.secrets();
    const view: SandboxRequestView = {
      id: record.requestId ?? `${this.idPrefix}${record.seq}`,
      method: record.method,
      path: redactText(record.target, secrets),
      status: record.status,
      latencyMs: Math.round(record.latencyMs * 1000) / 1000,
      at: new Date(record.at).toISOString(),
    };
    const requestBody = redactedBody(record.requestBody, secrets);
    const responseBody = redactedBody(record.responseText || undefined, secrets);
    if (requestBody !== undefined) view.requestBody = requestBody;
    if (responseBody !== undefined) view.responseBody = responseBody;
    return view;
  }
}
