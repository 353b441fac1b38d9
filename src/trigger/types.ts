import type { ProviderSlug } from '../core/providers.js';

/** One call of a flow: an operation of the provider's spec or of the sandbox control spec, by operationId. */
export interface FlowStep {
  /** the name later steps use in `{{steps.<id>.…}}` (default: the operationId) */
  id: string;
  operation: string;
  /** path, query and header parameters by name; a required one left out takes the spec's example */
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  /** applied to the spec's example request body as a JSON Merge Patch (RFC 7396): `null` removes a field */
  body?: unknown;
  /** the status the step must answer (default: any 2xx) */
  expectStatus?: number;
  /** where the step is written, for messages: `flows/haloubi-gateway.yaml:12 (payment.refunded, step 3 "refund")` */
  where: string;
}

/** The calls that produce one documented webhook event. */
export interface EventFlow {
  event: string;
  description: string;
  /** values made once per run (`{{uuid}}`, `{{digits:8}}`, earlier vars), read as `{{vars.<name>}}` */
  vars: Record<string, string>;
  steps: FlowStep[];
  where: string;
}

/** A flow file: the flows of one provider, by event. */
export interface FlowFile {
  provider: ProviderSlug;
  source: string;
  flows: Map<string, EventFlow>;
}

/** A flow file that cannot be run: the message names the file, the line, the step and what is wrong. */
export class FlowError extends Error {
  override name = 'FlowError';
}
