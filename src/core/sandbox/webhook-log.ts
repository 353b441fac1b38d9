/**
 * The sandbox's record of the webhooks it emitted, bounded by live state rather than by traffic: each record keeps
 * its body once and a capped attempt history, and once more than `retainSettled` deliveries are settled (delivered,
 * failed or without an endpoint), the one settled longest ago is dropped. A pending delivery (a retry still
 * scheduled) is never dropped. Read newest first, a page at a time, with an opaque cursor.
 */
import type { components } from '../../../generated/sandbox-control/schema.js';

/** A delivery as the control API shows it (sandbox-control spec, `WebhookDelivery`). */
export type WebhookDelivery = components['schemas']['WebhookDelivery'];
export type DeliveryAttempt = WebhookDelivery['attempts'][number];
export type DeliveryState = WebhookDelivery['state'];

/** How many settled deliveries are kept by default: enough for any test's assertions, a few MB at most. */
export const DEFAULT_RETAINED_SETTLED = 1000;
/** Attempts kept per delivery (the most recent); documented schedules stay far below it (Chari Pay: 6). */
export const ATTEMPT_HISTORY_LIMIT = 20;
/** An attempt's error text is a diagnosis, not a dump. */
const ERROR_TEXT_LIMIT = 300;

export interface StoredDelivery {
  /** order of emission, the basis of the cursor */
  readonly seq: number;
  readonly id: string;
  readonly event: string;
  /** where it is sent; undefined: nowhere (`no-endpoint`) */
  readonly url?: string;
  /**
   * Kept once: the body as sent, or, when nothing is sent, the payload (serialized and signed only if read). Never
   * both.
   */
  content: { body: string } | { payload: unknown };
  /** the headers as sent, secrets included (shown masked); computed on first read when nothing is sent */
  headers?: Record<string, string>;
  /** the most recent attempts, at most ATTEMPT_HISTORY_LIMIT */
  attempts: DeliveryAttempt[];
  /** every attempt made, kept or not: what the retry schedule counts */
  attemptCount: number;
  lastStatus?: number;
  state: DeliveryState;
  nextAttemptAt?: string;
  readonly createdAt: number;
  /** test-clock time the next attempt is due; Infinity while one is under way or none is scheduled */
  dueAt: number;
  dropped?: boolean;
}

export interface DeliveryPageRequest {
  event?: string;
  /** from a previous page's `nextCursor` */
  cursor?: string;
  limit: number;
}

export interface DeliveryPage<D> {
  /** newest first */
  deliveries: D[];
  /** pass as `cursor` for the next (older) page; undefined on the last page */
  nextCursor?: string;
}

/** A cursor this sandbox did not issue. */
export class WebhookCursorError extends RangeError {
  constructor(cursor: string) {
    super(
      `The cursor ${JSON.stringify(cursor)} was not issued by this sandbox; pass a nextCursor from a previous page.`,
    );
    this.name = 'WebhookCursorError';
  }
}

const encodeCursor = (seq: number) => Buffer.from(`d:${seq}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string): number {
  const match = /^d:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new WebhookCursorError(cursor);
  return Number(match[1]);
}

export function recordAttempt(delivery: StoredDelivery, attempt: DeliveryAttempt): void {
  const error = attempt.error === undefined ? undefined : attempt.error.slice(0, ERROR_TEXT_LIMIT);
  delivery.attemptCount++;
  delivery.attempts.push(error === undefined ? attempt : { ...attempt, error });
  if (delivery.attempts.length > ATTEMPT_HISTORY_LIMIT) delivery.attempts.splice(0, 1);
}

export class DeliveryLog {
  /** by emission order; dropped records are skipped and compacted away once they are half of it */
  private records: StoredDelivery[] = [];
  private droppedCount = 0;
  /** settled records in the order they settled, for dropping the oldest first */
  private readonly settled = new Set<StoredDelivery>();
  private nextSeq = 1;

  constructor(private readonly retainSettled = DEFAULT_RETAINED_SETTLED) {
    if (!Number.isInteger(retainSettled) || retainSettled < 0)
      throw new RangeError(`retainSettled must be a whole number, 0 or more (got ${retainSettled}).`);
  }

  seq(): number {
    return this.nextSeq++;
  }

  add(record: StoredDelivery): void {
    this.records.push(record);
    if (record.state !== 'pending') this.markSettled(record);
  }

  /** Called when a record stops being pending; drops the longest-settled records beyond the limit. */
  markSettled(record: StoredDelivery): void {
    this.settled.delete(record);
    this.settled.add(record);
    while (this.settled.size > this.retainSettled) {
      const oldest = this.settled.values().next().value;
      if (!oldest) break;
      this.settled.delete(oldest);
      oldest.dropped = true;
      this.droppedCount++;
    }
    if (this.droppedCount > 64 && this.droppedCount * 2 > this.records.length) {
      this.records = this.records.filter((r) => !r.dropped);
      this.droppedCount = 0;
    }
  }

  /** Every record kept, oldest first. */
  all(): StoredDelivery[] {
    return this.records.filter((r) => !r.dropped);
  }

  /** The kept record with this id (a linear search: the log holds at most the retained and the pending). */
  find(id: string): StoredDelivery | undefined {
    return this.records.find((r) => !r.dropped && r.id === id);
  }

  get size(): number {
    return this.records.length - this.droppedCount;
  }

  page<D>(request: DeliveryPageRequest, view: (record: StoredDelivery) => D): DeliveryPage<D> {
    const { event, cursor, limit } = request;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number, 1 or more.`);
    const before = cursor === undefined ? Number.POSITIVE_INFINITY : decodeCursor(cursor);
    const found: StoredDelivery[] = [];
    let index = this.lastIndexBefore(before);
    let more = false;
    for (; index >= 0; index--) {
      const record = this.records[index];
      if (!record || record.dropped || (event !== undefined && record.event !== event)) continue;
      if (found.length === limit) {
        more = true;
        break;
      }
      found.push(record);
    }
    const last = found.at(-1);
    return { deliveries: found.map(view), nextCursor: more && last ? encodeCursor(last.seq) : undefined };
  }

  /** The index of the last record whose seq is below `seq` (records are in seq order), by binary search. */
  private lastIndexBefore(seq: number): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.records[mid]?.seq ?? 0) < seq) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }

  clear(): void {
    this.records = [];
    this.settled.clear();
    this.droppedCount = 0;
  }
}
