/**
 * What the provider documents about delivering webhooks, read from the spec's root `x-webhook-retry`: the retry
 * schedule, the attempt limit and expiry, how long one attempt may take, and which answers count as delivered.
 */
import type { JsonObject, OpenApiDocument } from '../openapi-document.js';

export interface RetrySchedule {
  /** delay before each retry, after the previous attempt */
  scheduleSeconds: number[];
  maxAttempts: number;
  expiresAfterSeconds?: number;
  /** how long the provider waits for the receiver's answer before counting the attempt as failed */
  responseTimeoutSeconds?: number;
  /** the statuses that count as delivered (Haloubi: `[200]`, "If delivery fails (non-200 response)"); else any 2xx */
  successStatuses?: number[];
}

/**
 * Inferred: the attempt timeout when a spec states none (only Chari Pay's guide gives one, "typically 5 to 30
 * seconds"). 10 s is within that documented range and what the common webhook senders use (Stripe, GitHub), and
 * short enough that a hanging receiver neither holds the control API's list nor a sandbox shutdown for long. It
 * lives here, not in a spec, because it describes this sandbox rather than any provider's API.
 */
export const DEFAULT_RESPONSE_TIMEOUT_SECONDS = 10;

const numbers = (value: unknown): number[] | undefined =>
  Array.isArray(value) ? value.map(Number).filter(Number.isFinite) : undefined;
const optionalNumber = (value: unknown): number | undefined => (value === undefined ? undefined : Number(value));

/** The provider's documented retry schedule (`x-webhook-retry`); a provider that documents none gets one attempt. */
export function retryScheduleOf(spec: OpenApiDocument): RetrySchedule {
  const raw = (spec['x-webhook-retry'] ?? {}) as JsonObject;
  const schedule = numbers(raw.scheduleSeconds) ?? [];
  return {
    scheduleSeconds: schedule,
    maxAttempts: Number(raw.maxAttempts ?? schedule.length + 1),
    expiresAfterSeconds: optionalNumber(raw.expiresAfterSeconds),
    responseTimeoutSeconds: optionalNumber(raw.responseTimeoutSeconds),
    successStatuses: numbers(raw.successStatuses),
  };
}

/** Milliseconds one attempt may take: the spec's `responseTimeoutSeconds`, else the inferred default. */
export function attemptTimeoutMs(schedule: RetrySchedule): number {
  return (schedule.responseTimeoutSeconds ?? DEFAULT_RESPONSE_TIMEOUT_SECONDS) * 1000;
}

/** Whether the receiver's answer counts as delivered: the spec's `successStatuses`, else any 2xx. A 3xx never does. */
export function isDelivered(schedule: RetrySchedule, status: number | undefined): boolean {
  if (status === undefined) return false;
  return schedule.successStatuses ? schedule.successStatuses.includes(status) : status >= 200 && status < 300;
}
