import { randomUUID } from 'node:crypto';
import type { JsonObject, OpenApiDocument } from '../openapi-document.js';
import type { SandboxClock } from './clock.js';

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface WebhookDelivery {
  id: string;
  event: string;
  payload: unknown;
  headers: Record<string, string>;
  attempts: DeliveryAttempt[];
  lastStatus?: number;
  state: 'pending' | 'delivered' | 'failed' | 'no-endpoint';
  nextAttemptAt?: string;
}

export interface RetrySchedule {
  /** delay before each retry, after the previous attempt */
  scheduleSeconds: number[];
  maxAttempts: number;
  expiresAfterSeconds?: number;
  responseTimeoutSeconds?: number;
}

/** The provider's documented retry schedule (`x-webhook-retry`); a provider that documents none gets one attempt. */
export function retryScheduleOf(spec: OpenApiDocument): RetrySchedule {
  const raw = (spec['x-webhook-retry'] ?? {}) as JsonObject;
  const schedule = Array.isArray(raw.scheduleSeconds) ? raw.scheduleSeconds.map(Number) : [];
  return {
    scheduleSeconds: schedule,
    maxAttempts: Number(raw.maxAttempts ?? schedule.length + 1),
    expiresAfterSeconds: raw.expiresAfterSeconds === undefined ? undefined : Number(raw.expiresAfterSeconds),
    responseTimeoutSeconds: raw.responseTimeoutSeconds === undefined ? undefined : Number(raw.responseTimeoutSeconds),
  };
}

interface Pending {
  delivery: WebhookDelivery;
  body: string;
  createdAt: number;
  dueAt: number;
}

/**
 * Sends webhooks the way the provider does: signed, retried on non-2xx on the documented schedule (on the test
 * clock), every attempt recorded. Without a webhook URL, events are still recorded for the control API.
 */
export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending: Pending[] = [];
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      url?: string;
      secret?: string;
      schedule: RetrySchedule;
      clock: SandboxClock;
      sign?: (body: string, secret: string) => Record<string, string>;
      baseHeaders?: (event: string, deliveryId: string) => Record<string, string>;
      fetch: typeof fetch;
    },
  ) {
    options.clock.onAdvance(() => this.runDue());
  }

  /** Records an event and makes its first delivery attempt without blocking the API reply. */
  emit(event: string, payload: unknown): WebhookDelivery {
    const id = randomUUID();
    const signed = () => {
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
    };
    const delivery = { id, event, payload, attempts: [], state: this.options.url ? 'pending' : 'no-endpoint' } as Omit<
      WebhookDelivery,
      'headers'
    > as WebhookDelivery;
    if (this.options.url) {
      const { body, headers } = signed();
      delivery.headers = headers;
      this.deliveries.push(delivery);
      const now = this.options.clock.now();
      const entry: Pending = { delivery, body, createdAt: now, dueAt: now };
      this.pending.push(entry);
      this.track(this.attempt(entry));
    } else {
      // Nothing is sent without an endpoint, so the body is serialized and signed only if the log is read.
      let headers: Record<string, string> | undefined;
      Object.defineProperty(delivery, 'headers', { enumerable: true, get: () => (headers ??= signed().headers) });
      this.deliveries.push(delivery);
    }
    return delivery;
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async attempt(entry: Pending): Promise<void> {
    const { delivery } = entry;
    const clock = this.options.clock;
    const timeoutMs = (this.options.schedule.responseTimeoutSeconds ?? 30) * 1000;
    const startedAt = clock.now();
    const record: DeliveryAttempt = { at: new Date(startedAt).toISOString() };
    entry.dueAt = Number.POSITIVE_INFINITY;
    try {
      const response = await this.options.fetch(this.options.url!, {
        method: 'POST',
        headers: delivery.headers,
        body: entry.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      record.status = response.status;
      delivery.lastStatus = response.status;
    } catch (error) {
      record.error = (error as Error).message;
    }
    delivery.attempts.push(record);
    if (record.status !== undefined && record.status >= 200 && record.status < 300) {
      delivery.state = 'delivered';
      delivery.nextAttemptAt = undefined;
      this.unschedule(entry);
      return;
    }
    const { scheduleSeconds, maxAttempts, expiresAfterSeconds } = this.options.schedule;
    const delay = scheduleSeconds[delivery.attempts.length - 1];
    // Counted from the attempt's start, so a clock advanced while the attempt was in flight still makes it due.
    const next = delay === undefined ? undefined : startedAt + delay * 1000;
    const expired =
      expiresAfterSeconds !== undefined && next !== undefined && next > entry.createdAt + expiresAfterSeconds * 1000;
    if (delivery.attempts.length >= maxAttempts || next === undefined || expired) {
      delivery.state = 'failed';
      delivery.nextAttemptAt = undefined;
      this.unschedule(entry);
      return;
    }
    entry.dueAt = next;
    delivery.nextAttemptAt = new Date(next).toISOString();
  }

  /** An attempt that outlived a `clear()` is no longer pending; `splice(-1, 1)` would drop another delivery. */
  private unschedule(entry: Pending): void {
    const index = this.pending.indexOf(entry);
    if (index >= 0) this.pending.splice(index, 1);
  }

  /** Attempts every delivery whose retry is due on the test clock, and waits for them. */
  async runDue(): Promise<void> {
    await this.settle();
    for (;;) {
      const now = this.options.clock.now();
      const due = this.pending.filter((p) => p.dueAt <= now);
      if (due.length === 0) return;
      await Promise.all(due.map((p) => this.attempt(p)));
    }
  }

  /** Waits for the deliveries already under way. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  clear(): void {
    this.deliveries.length = 0;
    this.pending.length = 0;
  }
}
