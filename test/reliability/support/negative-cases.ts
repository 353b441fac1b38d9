import fc from 'fast-check';
import { authCases } from './auth-mutations.js';
import type { OperationPlan } from './base-request.js';
import { brokenBodies } from './body-mutations.js';
import { nonDecimalParameter } from './decimal-text.js';
import { type FuzzRequest, headerText, jsonBody } from './fuzz-request.js';
import { violationsOf } from './invalid-values.js';
import type { ProviderArtifacts } from './provider-artifacts.js';
import type { Rejection } from './response-check.js';
import { effectiveSchema, requiredOf } from './schema-nodes.js';

/** An invalid request and what it breaks. */
export interface NegativeCase {
  kind: 'body' | 'transport' | 'parameter' | 'resource' | 'auth';
  rule: string;
  request: FuzzRequest;
  expected: Rejection;
  /** the value cannot travel where the case puts it (it would change the route); such cases are dropped */
  unsendable?: boolean;
}

/** Content types a JSON operation does not declare, sent with a valid JSON body. */
const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'text/html',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
];
/** The sandbox's body limit; the oversized case is also of the wrong JSON type, so it is invalid whatever the limit. */
const BODY_LIMIT_BYTES = 1024 * 1024;

function withBody(request: FuzzRequest, body: FuzzRequest['body']): FuzzRequest {
  return { ...request, body };
}

function bodyCases(artifacts: ProviderArtifacts, plan: OperationPlan): fc.Arbitrary<NegativeCase>[] {
  const { op } = plan;
  if (!op.requestBody?.schema || plan.multipart) return [];
  return brokenBodies(artifacts.spec, op.requestBody.schema, plan.body).map((arb) =>
    arb.map(({ rule, body }) => ({
      kind: 'body' as const,
      rule,
      request: withBody(plan.base(), jsonBody(body)),
      expected: 'documented-4xx' as const,
    })),
  );
}

function transportCases(artifacts: ProviderArtifacts, plan: OperationPlan): fc.Arbitrary<NegativeCase>[] {
  const { op } = plan;
  if (!op.requestBody) return [];
  const make = (rule: string, body: FuzzRequest['body']): NegativeCase => ({
    kind: 'transport',
    rule,
    request: withBody(plan.base(), body),
    expected: 'documented-4xx',
  });
  const out: fc.Arbitrary<NegativeCase>[] = [];
  if (op.requestBody.required)
    out.push(
      fc.constant(make('empty body', { contentType: plan.base().body?.contentType ?? 'application/json', data: '' })),
    );
  if (plan.multipart) {
    const valid = plan.base().body;
    out.push(fc.constant(make('multipart sent as JSON', jsonBody(plan.body))));
    out.push(
      fc
        .string({ minLength: 1, maxLength: 60 })
        .map((text) => make('garbage under a multipart Content-Type', { contentType: valid?.contentType, data: text })),
    );
    for (const required of valid ? requiredOf(effectiveSchema(artifacts.spec, op.requestBody.schema)) : []) {
      // The part is dropped from the serialized form itself, so the sandbox parses exactly what is sent.
      out.push(fc.constant(make(`multipart without required "${required}"`, omitPart(valid!, required))));
    }
    return out;
  }
  const text = JSON.stringify(plan.body ?? {});
  const notJson = (s: string) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  };
  out.push(
    fc
      .integer({ min: 1, max: Math.max(1, text.length - 1) })
      .map((at) => make('truncated JSON', { contentType: 'application/json', data: text.slice(0, at) })),
  );
  out.push(
    fc
      .tuple(
        fc.nat({ max: text.length }),
        fc.constantFrom('{', '}', '[', ']', ',', ':', '"', "'", 'tru', 'NaN', '\\', '//'),
      )
      .map(([at, junk]) => text.slice(0, at) + junk + text.slice(at))
      .filter(notJson)
      .map((data) => make('malformed JSON', { contentType: 'application/json', data })),
  );
  out.push(
    fc
      .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
      .filter(notJson)
      .map((data) => make('not JSON at all', { contentType: 'application/json', data })),
  );
  out.push(
    fc
      .constantFrom(...WRONG_CONTENT_TYPES)
      .map((contentType) => make(`valid JSON sent as ${contentType}`, { contentType, data: text })),
  );
  out.push(fc.constant(make('valid JSON with no Content-Type', { data: new TextEncoder().encode(text) })));
  const copies = Math.ceil((BODY_LIMIT_BYTES + 1) / Math.max(text.length, 1)) + 1;
  out.push(
    fc.constant(
      make(`oversized body (${copies} copies of the example in an array)`, {
        contentType: 'application/json',
        data: `[${Array(copies).fill(text).join(',')}]`,
      }),
    ),
  );
  return out;
}

/** A serialized multipart body without one named part (the boundary and other parts untouched). */
function omitPart(body: NonNullable<FuzzRequest['body']>, name: string): FuzzRequest['body'] {
  const boundary = /boundary=(.+)$/.exec(body.contentType ?? '')?.[1];
  const text = Buffer.from(body.data as Uint8Array).toString('latin1');
  if (!boundary) return body;
  const parts = text.split(`--${boundary}`);
  const kept = parts.filter((part) => !part.includes(`name="${name}"`));
  return { contentType: body.contentType, data: new Uint8Array(Buffer.from(kept.join(`--${boundary}`), 'latin1')) };
}

function parameterCases(artifacts: ProviderArtifacts, plan: OperationPlan): fc.Arbitrary<NegativeCase>[] {
  const out: fc.Arbitrary<NegativeCase>[] = [];
  const authNames = new Set(plan.authSlots.map((slot) => `${slot.in}:${slot.name}`));
  for (const param of plan.op.parameters) {
    if (param.in === 'cookie') continue;
    const name = param.in === 'header' ? param.name.toLowerCase() : param.name;
    if (authNames.has(`${param.in}:${name}`)) continue;
    const set = (
      value: string | string[] | undefined,
      rule: string,
      expected: Rejection = 'documented-4xx',
    ): NegativeCase => {
      const request = plan.base();
      const group = param.in === 'path' ? request.path : param.in === 'query' ? request.query : request.headers;
      if (value === undefined) delete (group as Record<string, unknown>)[name];
      else (group as Record<string, unknown>)[name] = param.in === 'header' ? headerText(String(value)) : value;
      return { kind: 'parameter', rule: `${param.in} ${param.name}: ${rule}`, request, expected };
    };
    const current = plan.base()[param.in === 'path' ? 'path' : param.in === 'query' ? 'query' : 'headers'][name];
    // A path segment must stay one segment: `.` and `..` would be resolved away by the URL. An empty last segment
    // turns `/payments/{id}` into `/payments/`, which is another operation (the router ignores a trailing slash),
    // so it is only sent where the segment is inside the path; there the provider's 404 for no route is right too.
    const lastSegment = param.in === 'path' && plan.op.path.endsWith(`{${param.name}}`);
    const unsendable = (value: string) =>
      param.in === 'path' && (value === '.' || value === '..' || (lastSegment && value === ''));
    for (const violation of violationsOf(effectiveSchema(artifacts.spec, param.schema), current, 'parameter')) {
      out.push(
        violation.values.map((raw) => {
          const value = String(raw);
          const c = set(
            value,
            violation.rule,
            param.in === 'path' && value === '' ? 'documented-4xx-or-no-route' : 'documented-4xx',
          );
          return unsendable(value) ? { ...c, unsendable: true } : c;
        }),
      );
    }
    if (param.required && param.in !== 'path') out.push(fc.constant(set(undefined, 'missing')));
    if (param.in === 'path' && !lastSegment) out.push(fc.constant(set('', 'empty', 'documented-4xx-or-no-route')));
    if (param.in === 'query' && current !== undefined)
      out.push(fc.constant(set([String(current), `${String(current)}0`], 'repeated')));
  }
  return out;
}

function resourceCases(plan: OperationPlan, resourceParams: string[], stateText: string): fc.Arbitrary<NegativeCase>[] {
  return resourceParams.map((name) => {
    const seeded = plan.base().path[name] ?? '';
    const unknownId = fc
      .oneof(
        fc.uuid(),
        fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
        fc.string({ minLength: 1, maxLength: 4 }).map((s) => seeded + s),
        fc.constant(seeded.slice(0, -1)),
      )
      .filter((id) => id !== '' && id !== '.' && id !== '..' && !stateText.includes(JSON.stringify(id)));
    return unknownId.map((id) => {
      const request = plan.base();
      request.path[name] = id;
      return {
        kind: 'resource' as const,
        rule: `path ${name}: no such resource`,
        request,
        expected: 'documented-4xx' as const,
      };
    });
  });
}

/**
 * Every way the fuzzer breaks a request to one operation, grouped so each kind of mistake gets an equal share:
 * the body (schema violations), the transport (malformed JSON, wrong content type, empty or oversized body),
 * parameters, resources that do not exist and credentials. `stateText` is the state snapshot, so an id chosen as
 * unknown surely is.
 */
export function negativeCaseArbitrary(
  artifacts: ProviderArtifacts,
  plan: OperationPlan,
  resourceParams: string[],
  stateText: string,
): fc.Arbitrary<NegativeCase> {
  const groups = [
    bodyCases(artifacts, plan),
    transportCases(artifacts, plan),
    parameterCases(artifacts, plan),
    resourceCases(plan, resourceParams, stateText),
    authCases(plan),
  ].filter((group) => group.length > 0);
  if (groups.length === 0)
    throw new Error(`${plan.op.operationId}: there is nothing to break in this operation's requests.`);
  return fc.oneof(...groups.map((group) => fc.oneof(...group)));
}

/**
 * Whether a case really is invalid: broken bodies and parameters are checked with the generated validators (on
 * exactly what the sandbox will parse), numeric parameters first for plain decimal text by the fuzzer's own rules
 * (./decimal-text.ts), never by the sandbox's code; the other kinds are invalid by construction.
 */
export function isInvalid(artifacts: ProviderArtifacts, plan: OperationPlan, c: NegativeCase): boolean {
  const { operationId } = plan.op;
  if (c.unsendable) return false;
  if (c.kind === 'body') {
    const check = artifacts.validators.requests[operationId];
    return check !== undefined && !check(JSON.parse(String(c.request.body?.data)));
  }
  if (c.kind === 'parameter' && c.expected === 'documented-4xx') {
    // The generated validators coerce numeric text with Number(), which also reads " 10" or "0x0A".
    if (nonDecimalParameter(artifacts.spec, plan.op, c.request)) return true;
    const params = { path: c.request.path, query: c.request.query, header: c.request.headers };
    const check = artifacts.parameterValidators[operationId];
    return check !== undefined && !check(structuredClone(params));
  }
  return true;
}
