import fc from 'fast-check';
import type { OperationPlan } from './base-request.js';
import { type FuzzRequest, headerText, jsonBody } from './fuzz-request.js';
import type { ProviderArtifacts } from './provider-artifacts.js';
import { validValue, variedValue } from './valid-values.js';

/** How a generated value travels in a path, query or header parameter. */
function parameterText(value: unknown): string | string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Valid requests near the operation's seeded base request: the JSON body varied within its schema (pinned fields
 * kept), optional query and header parameters added, dropped or varied. Path parameters, required query
 * parameters, credentials and the idempotency key stay as the base has them, so the request still names seeded resources. Undefined when the
 * operation's request has nothing else to vary.
 */
export function positiveRequestArbitrary(
  artifacts: ProviderArtifacts,
  plan: OperationPlan,
  pinned: readonly string[],
): fc.Arbitrary<FuzzRequest> | undefined {
  const { op } = plan;
  const base = plan.base();
  const fixedHeaders = new Set([
    ...plan.authSlots.filter((s) => s.in === 'header').map((s) => s.name),
    op.idempotencyHeader?.toLowerCase(),
  ]);
  const fixedQuery = new Set(plan.authSlots.filter((s) => s.in === 'query').map((s) => s.name));

  const query: Record<string, fc.Arbitrary<string | string[] | undefined>> = {};
  const headers: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const param of op.parameters) {
    const generated = validValue(artifacts.spec, param.schema).map(parameterText);
    // A required query parameter names what the request is about (a wallet, a reference): it stays as seeded.
    if (param.in === 'query' && !fixedQuery.has(param.name) && !param.required) {
      const current = base.query[param.name];
      const choices = [
        generated,
        ...(current === undefined ? [] : [fc.constant(current)]),
        ...(param.required ? [] : [fc.constant(undefined)]),
      ];
      query[param.name] = fc.oneof(...choices);
    }
    const header = param.name.toLowerCase();
    if (param.in === 'header' && !fixedHeaders.has(header)) {
      const current = base.headers[header];
      const text = generated.map((v) => headerText(String(v)));
      headers[header] = fc.oneof(
        text,
        ...(current === undefined ? [] : [fc.constant(current)]),
        ...(param.required ? [] : [fc.constant(undefined)]),
      );
    }
  }
  const variesBody = op.requestBody?.schema !== undefined && !plan.multipart;
  if (!variesBody && Object.keys(query).length === 0 && Object.keys(headers).length === 0) return undefined;
  const body = variesBody
    ? variedValue(artifacts.spec, op.requestBody!.schema, plan.body, pinned)
    : fc.constant(undefined);

  return fc.record({ query: fc.record(query), headers: fc.record(headers), body }).map((varied) => {
    const request = plan.base();
    for (const [name, value] of Object.entries(varied.query)) {
      if (value === undefined) delete request.query[name];
      else request.query[name] = value;
    }
    for (const [name, value] of Object.entries(varied.headers)) {
      if (value === undefined) delete request.headers[name];
      else request.headers[name] = value;
    }
    if (varied.body !== undefined) request.body = jsonBody(varied.body);
    return request;
  });
}

/** Whether the generated request is one the spec allows: its parameters and JSON body pass the generated validators. */
export function isValidRequest(artifacts: ProviderArtifacts, plan: OperationPlan, request: FuzzRequest): boolean {
  const { operationId } = plan.op;
  const checkParams = artifacts.parameterValidators[operationId];
  if (
    checkParams &&
    !checkParams(structuredClone({ path: request.path, query: request.query, header: request.headers }))
  )
    return false;
  const checkBody = artifacts.validators.requests[operationId];
  if (checkBody && !plan.multipart && request.body && !checkBody(JSON.parse(String(request.body.data)))) return false;
  return true;
}
