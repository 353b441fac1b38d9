/** What a live run records and what the drift report holds: the shapes `paycontracts drift` reads back. */

/**
 * One request to the provider and its real answer, secrets already redacted. A webhook the provider delivered
 * during the run is one too (`kind: 'webhook'`): its request is the delivery, its status the 200 the run answered.
 */
export interface CapturedExchange {
  /** absent for a call to the provider */
  kind?: 'webhook';
  method: string;
  /** the request path as sent, without the query */
  path: string;
  query: string;
  /** the spec's path template and operationId the request matched, when it matched one */
  pathTemplate?: string;
  operationId?: string;
  requestHeaders: Record<string, string>;
  requestBody?: unknown;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody?: unknown;
  /** milliseconds from the request's first byte to the upstream's last */
  durationMs: number;
}

export const DRIFT_KINDS = [
  'status-undocumented',
  'schema',
  'required-missing',
  'unknown-field',
  'enum',
  'type',
  'format',
  'content-type',
  'header-missing',
  'error-shape',
  'path-not-found',
  'method-refused',
  'event-unknown',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** Where a fact lives: in the bundled spec and in the hand-authored split file it came from. */
export interface SpecLocation {
  /** JSON pointer into generated/<slug>/openapi.json */
  pointer: string;
  /** the source file, relative to the project root (specs/<slug>/…) */
  file: string;
  /** JSON pointer inside that file */
  filePointer: string;
}

/** One difference between the spec and the traffic, as the comparison finds it (before merging). */
export interface Finding {
  kind: DriftKind;
  pointer: string;
  /** the failing JSON Schema keyword, for schema findings */
  keyword?: string;
  expected: unknown;
  observed: unknown;
  /** where in the body, for body findings */
  instancePath?: string;
}

export interface DriftExample {
  /** the event a webhook delivery named, for a webhook's drift */
  webhook?: string;
  method: string;
  path: string;
  status: number;
  body?: unknown;
}

export interface Drift extends SpecLocation {
  kind: DriftKind;
  keyword?: string;
  expected: unknown;
  observed: unknown;
  count: number;
  example: DriftExample;
}

export interface ConfirmedInference extends SpecLocation {
  reason: string;
  /** how many exchanges exercised it without drift */
  exchanges: number;
}

export interface DriftReport {
  provider: string;
  /** ISO date-time the report was written */
  createdAt: string;
  exchanges: CapturedExchange[];
  drifts: Drift[];
  confirmed: ConfirmedInference[];
}
