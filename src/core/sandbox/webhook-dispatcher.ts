import { redactHeaders, redactText } from '../redact.js';
import type { SandboxClock } from './clock.js';
import { randomUuid } from './random.js';
import { withoutTape } from './tape.js';
import {
  DeliveryLog,
  type DeliveryPage,
  type DeliveryPageRequest,
  recordAttempt,
  type StoredDelivery,
  type WebhookDelivery,
} from './webhook-log.js';
import { attemptTimeoutMs, isDelivered, type RetrySchedule } from './webhook-schedule.js';

export type { DeliveryAttempt, DeliveryPage, DeliveryPageRequest, WebhookDelivery } from './webhook-log.js';
export { DEFAULT_RETAINED_SETTLED, WebhookCursorError } from './webhook-log.js';
export { DEFAULT_RESPONSE_TIMEOUT_SECONDS, type RetrySchedule, retryScheduleOf } from './webhook-schedule.js';

export interface WebhookDispatcherOptions {
  /** the endpoint registered with the provider (`--webhook-url`); `emit(…, { url })` overrides it per delivery */
  url?: string;
  secret?: string;
  schedule: RetrySchedule;
  clock: SandboxClock;
  sign?: (body: string, secret: string) => Record<string, string>;
  baseHeaders?: (event: string, deliveryId: string) => Record<string, string>;
  fetch: typeof fetch;
  /** settled deliveries kept for reading, the longest-settled dropped first (default `DEFAULT_RETAINED_SETTLED`) */
  retainSettled?: number;
  /** told each attempt's outcome as it settles (a durable sandbox writes it down) */
  onAttempt?: (deliveryId: string, startedAt: number, outcome: AttemptOutcome) => void;
}

export interface EmitOptions {
  /** this delivery's endpoint, e.g. the `webhook_url` a Chari Pay payment was created with */
  url?: string;
}

export interface AttemptOutcome {
  status?: number;
  error?: string;
}

/** Rejects when the signal aborts, so an injected fetch that ignores its signal cannot hold an attempt either. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/**
 * Sends webhooks the way the provider does: signed, to the registered endpoint or the delivery's own, retried on the
 * documented schedule (on the test clock) until the receiver answers a status the spec counts as delivered. As
 * providers do, redirects are not followed (a 3xx is a failed attempt) and an attempt that gets no answer within the
 * spec's `responseTimeoutSeconds` (else `DEFAULT_RESPONSE_TIMEOUT_SECONDS`) fails. Without an endpoint, events are
 * still recorded for the control API. Readers get `page()`, a view with secret headers masked.
 */
export class WebhookDispatcher {
  private readonly log: DeliveryLog;
  /** deliveries with a retry still to come; never dropped, whatever the log's limit */
  private readonly pending = new Set<StoredDelivery>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();
  private closed = false;
  /** while a durable sandbox replays its journal: deliveries are recorded, never sent */
  private replaying = false;
  /** the endpoint set at run time (`PUT /__sandbox/webhook-endpoint`), over the one the sandbox started with */
  private endpointOverride: string | undefined;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.log = new DeliveryLog(options.retainSettled);
    // Outside the request's tape: only the live sandbox attempts deliveries, so a replay must not expect their draws.
    options.clock.onAdvance(() => withoutTape(() => this.runDue()));
  }

  /** The endpoint deliveries go to unless an event names its own. */
  get endpoint(): string | undefined {
    return this.endpointOverride ?? this.options.url;
  }

  /** Sets the endpoint for the events emitted from now on; undefined goes back to the one the sandbox started with. */
  setEndpoint(url: string | undefined): void {
    this.endpointOverride = url;
  }

  /** Records an event and makes its first delivery attempt without blocking the API reply; returns its id. */
  emit(event: string, payload: unknown, emitOptions: EmitOptions = {}): string {
    const url = emitOptions.url ?? this.endpoint;
    const now = this.options.clock.now();
    const record: StoredDelivery = {
      seq: this.log.seq(),
      id: randomUuid(),
      event,
      url,
      content: { payload },
      attempts: [],
      attemptCount: 0,
      state: url ? 'pending' : 'no-endpoint',
      createdAt: now,
      dueAt: Number.POSITIVE_INFINITY,
    };
    if (url) {
      // Serialized and signed once, and the body kept instead of the payload: every retry sends the same bytes.
      const { body, headers } = this.signed(record.id, event, payload);
      record.content = { body };
      record.headers = headers;
      record.dueAt = now;
      this.pending.add(record);
    }
    // Nothing is sent without an endpoint, so that payload is serialized and signed only if the log is read.
    this.log.add(record);
    if (url && !this.closed && !this.replaying) this.track(withoutTape(() => this.attempt(record)));
    return record.id;
  }

  /**
   * A new delivery of a kept one: the same event, payload and endpoint, serialized and signed again (a fresh
   * signature), on the documented retry schedule. Undefined when no kept delivery has this id.
   */
  resend(id: string): WebhookDelivery | undefined {
    const original = this.log.find(id);
    if (!original) return undefined;
    const { content } = original;
    const payload = 'body' in content ? JSON.parse(content.body) : content.payload;
    const copy = this.log.find(this.emit(original.event, payload, { url: original.url }));
    return copy && this.view(copy);
  }

  /** Deliveries newest first, a page at a time; secret headers masked. Throws `WebhookCursorError` for a bad cursor. */
  page(request: DeliveryPageRequest): DeliveryPage<WebhookDelivery> {
    return this.log.page(request, (record) => this.view(record));
  }

  /** Every delivery kept, oldest first, as `page()` shows them. Prefer `page()`: this grows with the retained log. */
  get deliveries(): WebhookDelivery[] {
    return this.log.all().map((record) => this.view(record));
  }

  /** Attempts every delivery whose retry is due on the test clock, and waits for them. */
  async runDue(): Promise<void> {
    await this.settle();
    while (!this.closed && !this.replaying) {
      const now = this.options.clock.now();
      const due = [...this.pending].filter((record) => record.dueAt <= now);
      if (due.length === 0) return;
      await Promise.all(due.map((record) => this.track(this.attempt(record))));
    }
  }

  /** Waits for the attempts under way; each ends within the attempt timeout, or at once after `close()`. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops sending: attempts under way are abandoned at once and no retry is made, so a shutdown is never held. */
  async close(): Promise<void> {
    this.closed = true;
    this.shutdown.abort(new Error('abandoned: the sandbox shut down before the receiver answered'));
    await this.settle();
  }

  clear(): void {
    this.log.clear();
    this.pending.clear();
  }

  /** Records deliveries without sending them, while a durable sandbox replays its journal. */
  startReplay(): void {
    this.replaying = true;
  }

  /** Applies an attempt the journal holds, as it settled before the restart. */
  replayAttempt(deliveryId: string, startedAt: number, outcome: AttemptOutcome): void {
    const record = [...this.pending].find((pending) => pending.id === deliveryId);
    if (record) this.settleAttempt(record, startedAt, outcome);
  }

  /** Ends the replay: deliveries due by now (a first attempt the restart cut off, a retry past due) are sent. */
  async endReplay(): Promise<void> {
    this.replaying = false;
    await this.runDue();
  }

  private signed(id: string, event: string, payload: unknown): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(this.options.baseHeaders?.(event, id) ?? {}),
    };
    // The provider's signer returns a whole header set; the content type is the dispatcher's, whatever its case.
    const signature = this.options.sign && this.options.secret ? this.options.sign(body, this.options.secret) : {};
    for (const [name, value] of Object.entries(signature))
      if (name.toLowerCase() !== 'content-type') headers[name] = value;
    return { body, headers };
  }

  /** What readers see: the payload as sent, the headers as sent with their secrets masked as the clients mask them. */
  private view(record: StoredDelivery): WebhookDelivery {
    const { content } = record;
    record.headers ??= 'payload' in content ? this.signed(record.id, record.event, content.payload).headers : {};
    const view: WebhookDelivery = {
      id: record.id,
      event: record.event,
      payload: 'body' in content ? JSON.parse(content.body) : content.payload,
      headers: redactHeaders(record.headers),
      attempts: record.attempts.map((attempt) => ({ ...attempt })),
      state: record.state,
    };
    if (record.url !== undefined) view.url = redactText(record.url);
    if (record.lastStatus !== undefined) view.lastStatus = record.lastStatus;
    if (record.nextAttemptAt !== undefined) view.nextAttemptAt = record.nextAttemptAt;
    return view;
  }

  private track(attempt: Promise<void>): Promise<void> {
    this.inFlight.add(attempt);
    void attempt.finally(() => this.inFlight.delete(attempt));
    return attempt;
  }

  private async attempt(record: StoredDelivery): Promise<void> {
    const { url, content, headers } = record;
    if (this.closed || !url || !('body' in content)) return;
    const startedAt = this.options.clock.now();
    record.dueAt = Number.POSITIVE_INFINITY;
    const outcome = await this.send(url, content.body, headers ?? {});
    // A delivery cleared by a reset while its attempt was under way is no longer recorded or retried.
    if (!this.pending.has(record)) return;
    this.options.onAttempt?.(record.id, startedAt, outcome);
    this.settleAttempt(record, startedAt, outcome);
  }

  private settleAttempt(record: StoredDelivery, startedAt: number, outcome: AttemptOutcome): void {
    recordAttempt(record, { at: new Date(startedAt).toISOString(), ...outcome });
    if (outcome.status !== undefined) record.lastStatus = outcome.status;
    this.scheduleNext(record, startedAt, outcome.status);
  }

  /** One POST, never following a redirect, given up after the attempt timeout or at shutdown. */
  private async send(url: string, body: string, headers: Record<string, string>): Promise<AttemptOutcome> {
    const timeoutMs = attemptTimeoutMs(this.options.schedule);
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new Error(`no answer within ${timeoutMs / 1000} s, the attempt timeout`)),
      timeoutMs,
    );
    const signal = AbortSignal.any([timeout.signal, this.shutdown.signal]);
    try {
      const request = this.options.fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal });
      const response = await Promise.race([request, whenAborted(signal)]);
      void response.body?.cancel().catch(() => undefined);
      return { status: response.status };
    } catch (error) {
      const reason = signal.aborted ? signal.reason : error;
      return { error: reason instanceof Error ? reason.message : String(reason) };
    } finally {
      clearTimeout(timer);
    }
  }

  private scheduleNext(record: StoredDelivery, startedAt: number, status: number | undefined): void {
    const { schedule } = this.options;
    if (isDelivered(schedule, status)) {
      this.finish(record, 'delivered');
      return;
    }
    const delay = schedule.scheduleSeconds[record.attemptCount - 1];
    // Counted from the attempt's start, so a clock advanced while the attempt was in flight still makes it due.
    const next = delay === undefined ? undefined : startedAt + delay * 1000;
    const expired =
      schedule.expiresAfterSeconds !== undefined &&
      next !== undefined &&
      next > record.createdAt + schedule.expiresAfterSeconds * 1000;
    if (record.attemptCount >= schedule.maxAttempts || next === undefined || expired) {
      this.finish(record, 'failed');
      return;
    }
    record.dueAt = next;
    record.nextAttemptAt = new Date(next).toISOString();
  }

  private finish(record: StoredDelivery, state: 'delivered' | 'failed'): void {
    record.state = state;
    record.nextAttemptAt = undefined;
    record.dueAt = Number.POSITIVE_INFINITY;
    this.pending.delete(record);
    this.log.markSettled(record);
  }
}
