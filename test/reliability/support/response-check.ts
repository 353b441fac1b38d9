import type { IndexedOperation } from '../../../src/core/operation-index.js';
import { describeValidationErrors } from '../../../src/core/validation.js';
import type { FuzzOutcome } from './fuzz-request.js';
import type { ProviderArtifacts } from './provider-artifacts.js';

/** What a rejected request must get back. */
export type Rejection =
  /** 401, documented by the operation */
  | 'unauthorized'
  /** a 4xx the operation documents */
  | 'documented-4xx'
  /** a documented 4xx, or the provider's 404 for a route that does not exist (an empty path segment) */
  | 'documented-4xx-or-no-route';

export function documents(op: IndexedOperation, status: number): boolean {
  return op.responses.some((r) => r.status === String(status) || r.status === `${String(status)[0]}XX`);
}

function bodyProblem(
  artifacts: ProviderArtifacts,
  op: IndexedOperation,
  outcome: FuzzOutcome,
  fallback: 'error-schema' | 'none',
): string | undefined {
  const check =
    artifacts.validators.responses[op.operationId]?.[String(outcome.status)] ??
    (fallback === 'error-schema' ? artifacts.errorSchema : undefined);
  const documented = op.responses.find((r) => r.status === String(outcome.status));
  if (!check && !documented?.body?.schema) return undefined;
  if (!check) return `no generated validator for the documented ${outcome.status} body`;
  let body: unknown;
  try {
    body = outcome.text === '' ? undefined : JSON.parse(outcome.text);
  } catch {
    return `the body is not JSON: ${outcome.text.slice(0, 120)}`;
  }
  return check(body)
    ? undefined
    : `the ${outcome.status} body is off-spec (${describeValidationErrors(check.errors)}): ${outcome.text.slice(0, 200)}`;
}

function transportProblem(outcome: FuzzOutcome): string | undefined {
  if (outcome.status === 0) return `no response: ${outcome.error}`;
  if (outcome.status >= 500) return `server error ${outcome.status}: ${outcome.text.slice(0, 200)}`;
  return undefined;
}

/** Why a response to a request that had to be refused is wrong, or undefined when it is right. */
export function rejectionProblem(
  artifacts: ProviderArtifacts,
  op: IndexedOperation,
  expected: Rejection,
  outcome: FuzzOutcome,
): string | undefined {
  const transport = transportProblem(outcome);
  if (transport) return transport;
  const { status } = outcome;
  if (expected === 'unauthorized') {
    if (status !== 401 || !documents(op, 401))
      return `expected the documented 401, got ${status}: ${outcome.text.slice(0, 200)}`;
  } else if (status < 400 || status > 499) {
    return `accepted with ${status}: ${outcome.text.slice(0, 200)}`;
  } else if (!documents(op, status) && !(expected === 'documented-4xx-or-no-route' && status === 404)) {
    return `undocumented status ${status}: ${outcome.text.slice(0, 200)}`;
  }
  return bodyProblem(artifacts, op, outcome, 'error-schema');
}

/** Why a response to a valid request is wrong: anything but a documented 2xx or business 4xx, or an off-spec body. */
export function acceptanceProblem(
  artifacts: ProviderArtifacts,
  op: IndexedOperation,
  outcome: FuzzOutcome,
): string | undefined {
  const transport = transportProblem(outcome);
  if (transport) return transport;
  const { status } = outcome;
  if (status === 401) return `valid credentials refused: ${outcome.text.slice(0, 200)}`;
  if (!documents(op, status)) return `undocumented status ${status}: ${outcome.text.slice(0, 200)}`;
  if (status < 200 || status > 499 || (status > 299 && status < 400))
    return `status ${status} is neither a 2xx nor a business 4xx`;
  return bodyProblem(artifacts, op, outcome, 'none');
}

/** Why the answer to a request for a route the spec does not have is wrong: anything but a 404 in the provider's error format. */
export function unknownRouteProblem(artifacts: ProviderArtifacts, outcome: FuzzOutcome): string | undefined {
  const transport = transportProblem(outcome);
  if (transport) return transport;
  if (outcome.status !== 404) return `expected 404, got ${outcome.status}: ${outcome.text.slice(0, 200)}`;
  let body: unknown;
  try {
    body = JSON.parse(outcome.text);
  } catch {
    return `the 404 body is not JSON: ${outcome.text.slice(0, 120)}`;
  }
  return artifacts.errorSchema(body)
    ? undefined
    : `the 404 body is not ${artifacts.slug}'s error format (${describeValidationErrors(artifacts.errorSchema.errors)}): ${outcome.text.slice(0, 200)}`;
}
