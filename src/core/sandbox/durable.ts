/**
 * What a durable sandbox (`--data`) adds to serving a request: the journal entry written before the reply, and, on
 * restart, the replay of every entry through the same routes with stand-in requests and responses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import type { SandboxClock } from './clock.js';
import type { JournaledRequest } from './journal.js';
import { rawBodyOf } from './request-body.js';
import { enableTapes, hasTape, type Tape, type TapeValue, withTape } from './tape.js';
import type { Tenancy } from './tenants.js';

/** The tapes of the stand-in requests a replay sends: a live request has none. */
const replayTapes = new WeakMap<IncomingMessage, TapeValue[]>();

/** A fresh tape for a live request, or the recorded one of a replayed request, handed out again. */
export function tapeFor(req: IncomingMessage): Tape {
  const recorded = replayTapes.get(req);
  return recorded ? { values: recorded, replayAt: 0 } : { values: [] };
}

/** Whether this request is a journal entry being replayed (so it is not written again, nor refused by Host). */
export function isReplayed(req: IncomingMessage): boolean {
  return replayTapes.has(req);
}

/**
 * Writes a live request to the journal, in its own transaction, before its reply is sent. Throws when the write
 * fails, so the request is answered as a sandbox fault and never acknowledged without being kept.
 */
export function journalRequest<State>(tenancy: Tenancy<State>, req: IncomingMessage, url: URL, tape: Tape): void {
  const { journal } = tenancy;
  if (!journal || replayTapes.has(req)) return;
  const body = rawBodyOf(req);
  const entry: JournaledRequest = {
    kind: 'request',
    method: req.method ?? 'GET',
    target: url.pathname + url.search,
    headers: req.headers,
    remoteAddress: req.socket.remoteAddress,
    tape: tape.values,
  };
  if (body && body.length > 0) entry.body = body.toString('base64');
  journal.append(entry);
}

/**
 * Journals a clock advance made in-process (`sandbox.clock.advance()`) once it is applied, with what it drew; one
 * made by a request (the control API) or by a replay is already in the journal, as that request.
 */
export function journalClockAdvances<State>(tenancy: Tenancy<State>, tenant: string, clock: SandboxClock): void {
  clock.around = async (seconds, advance) => {
    const { journal } = tenancy;
    if (!journal || hasTape()) return advance();
    const tape: Tape = { values: [] };
    await withTape(tape, advance);
    journal.append({ kind: 'advance', tenant, seconds, tape: tape.values });
  };
}

/** A stand-in request carrying a journal entry: the same method, target, headers, body and client address. */
function standInRequest(entry: JournaledRequest): IncomingMessage {
  const stream = new PassThrough();
  stream.end(entry.body === undefined ? Buffer.alloc(0) : Buffer.from(entry.body, 'base64'));
  const req = Object.assign(stream, {
    method: entry.method,
    url: entry.target,
    headers: entry.headers,
    socket: { remoteAddress: entry.remoteAddress },
    complete: true,
  }) as unknown as IncomingMessage;
  replayTapes.set(req, entry.tape);
  return req;
}

/** A stand-in response that keeps nothing and says when the route has answered. */
function standInResponse(answered: () => void): ServerResponse {
  const res = {
    headersSent: false,
    writeHead: () => res,
    setHeader: () => res,
    end: () => {
      res.headersSent = true;
      answered();
      return res;
    },
    destroy: () => answered(),
  };
  return res as unknown as ServerResponse;
}

/**
 * Opens the data file and replays what it holds through `serve` (the sandbox's own request handler), one entry at
 * a time, webhooks recorded but not sent; then deliveries resume. Leaves the journal open for the live sandbox.
 */
export async function restoreFromJournal<State>(
  tenancy: Tenancy<State>,
  file: string,
  serve: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<void> {
  // Loaded only here: a sandbox without --data never loads SQLite's native binding.
  const { Journal } = await import('./journal.js');
  const journal = Journal.open(file, tenancy.definition.slug);
  enableTapes();
  tenancy.startReplay();
  try {
    for (const entry of journal.entries()) {
      if (entry.kind === 'attempt') {
        tenancy.byKeyForReplay(entry.tenant)?.webhooks.replayAttempt(entry.deliveryId, entry.startedAt, entry.outcome);
        continue;
      }
      if (entry.kind === 'advance') {
        const clock = tenancy.byKeyForReplay(entry.tenant)?.clock;
        if (clock) await withTape({ values: entry.tape, replayAt: 0 }, () => clock.advance(entry.seconds));
        continue;
      }
      await new Promise<void>((resolve) => serve(standInRequest(entry), standInResponse(resolve)));
    }
  } catch (error) {
    journal.close();
    throw error;
  }
  tenancy.journal = journal;
  await tenancy.endReplay();
}
