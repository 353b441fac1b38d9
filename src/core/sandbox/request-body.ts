import type { IncomingMessage } from 'node:http';
import type { OperationInfo } from '../openapi-document.js';
import { tapesEnabled } from './tape.js';

/** A body the caller got wrong: too large, not JSON, the wrong content type. */
export class RequestBodyError extends Error {}

const MAX_BODY_BYTES = 1024 * 1024;

/** Each request's body as received, kept only while a durable sandbox may write it to its journal. */
const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/** The body a request sent, as read; undefined when it was not read, or no durable sandbox runs. */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return rawBodies.get(req);
}

// Event listeners rather than an async iterator: this runs on every request, and the iterator costs more.
function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return reject(new RequestBodyError(`The request body is larger than ${MAX_BODY_BYTES} bytes.`));
      const raw = Buffer.concat(chunks);
      if (tapesEnabled()) rawBodies.set(req, raw);
      resolve(raw);
    });
    req.on('error', reject);
  });
}

/** Multipart fields as strings (numbers where the text is an integer), file parts as a placeholder string. */
async function readMultipart(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  let form: FormData;
  try {
    form = await new Request('http://sandbox/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(raw),
    }).formData();
  } catch {
    throw new RequestBodyError('The multipart/form-data body could not be parsed; check the boundary in Content-Type.');
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') out[name] = /^-?\d+$/.test(value) ? Number(value) : value;
    else out[name] = `<file ${value.name || name}, ${value.type || 'application/octet-stream'}, ${value.size} bytes>`;
  }
  return out;
}

/** A hosted page's form: every field as the string the browser sent. */
function readForm(raw: Buffer, mediaType: string): Record<string, string> {
  if (mediaType !== 'application/x-www-form-urlencoded')
    throw new RequestBodyError(
      `Send this form as application/x-www-form-urlencoded, not "${mediaType || 'no content type'}".`,
    );
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}

/**
 * Reads and parses the body an operation declares: JSON, multipart/form-data or a page's urlencoded form. A body the operation does not
 * declare is drained and ignored, as HTTP servers do.
 */
export async function readBody(req: IncomingMessage, op: OperationInfo): Promise<unknown> {
  const raw = await readRaw(req);
  const declared = op.requestBody;
  if (!declared) return undefined;
  if (raw.length === 0) {
    if (declared.required) throw new RequestBodyError(`This operation needs a ${declared.contentType} request body.`);
    return undefined;
  }
  const contentType = String(req.headers['content-type'] ?? '');
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (/multipart\/form-data/.test(declared.contentType)) {
    if (mediaType !== 'multipart/form-data')
      throw new RequestBodyError(`Send this body as multipart/form-data, not "${mediaType || 'no content type'}".`);
    return readMultipart(raw, contentType);
  }
  if (declared.contentType === 'application/x-www-form-urlencoded') return readForm(raw, mediaType);
  if (!/^application\/([\w.+-]+\+)?json$/.test(mediaType)) {
    throw new RequestBodyError(`Send this body as application/json, not "${mediaType || 'no content type'}".`);
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    // Only where it broke: the parser's own message quotes the body, and the body may hold a card number.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new RequestBodyError(
      `The request body is not valid JSON${position === undefined ? '' : ` (at character ${position})`}.`,
    );
  }
}
