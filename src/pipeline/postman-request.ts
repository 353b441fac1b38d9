import type { JsonObject, OperationInfo, ParameterInfo } from '../core/openapi-document.js';
import type { FlowStep, NumberVariable } from './postman-flow.js';

/** A Postman v2.1 request, built from an operation of the spec and a flow step's values. */

/** A value as Postman's form fields and query strings carry it. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isNumberVariable(value: unknown): value is NumberVariable {
  return typeof value === 'object' && value !== null && typeof (value as NumberVariable).$number === 'string';
}

/** The body the step sends: the spec's example with the step's fields in place (`undefined` removes one). */
function bodyValues(op: OperationInfo, step: FlowStep): JsonObject {
  const example = op.requestBody?.example ?? op.requestBody?.examples[0]?.value ?? {};
  if (typeof example !== 'object' || example === null || Array.isArray(example))
    throw new Error(`${op.operationId}: the Postman flow can only fill in an object body.`);
  const values: JsonObject = { ...(example as JsonObject), ...step.body };
  for (const [key, value] of Object.entries(values)) if (value === undefined) delete values[key];
  return values;
}

/** JSON text of a body; a number variable is written bare (`{{id}}`), so it stays a JSON number once resolved. */
function jsonBody(values: JsonObject): string {
  const marker = (name: string) => `@@number:${name}@@`;
  const raw = JSON.stringify(values, (_key, value) => (isNumberVariable(value) ? marker(value.$number) : value), 2);
  return raw.replace(/"@@number:([A-Za-z0-9_]+)@@"/g, '{{$1}}');
}

function requestBody(op: OperationInfo, step: FlowStep): JsonObject | undefined {
  if (!op.requestBody) return undefined;
  const values = bodyValues(op, step);
  if (/json/.test(op.requestBody.contentType))
    return { mode: 'raw', raw: jsonBody(values), options: { raw: { language: 'json' } } };
  if (op.requestBody.contentType === 'multipart/form-data')
    return {
      mode: 'formdata',
      formdata: Object.entries(values).map(([key, v]) => ({ key, value: text(v), type: 'text' })),
    };
  throw new Error(`${op.operationId}: Postman requests with a ${op.requestBody.contentType} body are not built yet.`);
}

/** Query parameters: those the step sets or the spec requires are sent, the other documented ones listed disabled. */
function queryOf(op: OperationInfo, step: FlowStep): JsonObject[] {
  const given = step.query ?? {};
  for (const name of Object.keys(given))
    if (!op.parameters.some((p) => p.in === 'query' && p.name === name))
      throw new Error(`${op.operationId} has no query parameter ${name}.`);
  return op.parameters
    .filter((p) => p.in === 'query')
    .flatMap((p) => {
      const value = given[p.name] ?? p.example;
      const values = Array.isArray(value) ? value : [value ?? ''];
      const sent = given[p.name] !== undefined || (p.required && p.example !== undefined);
      if (p.required && !sent) throw new Error(`${op.operationId}: required query ${p.name} has no value.`);
      return values.map((v) => ({ key: p.name, value: text(v), ...(sent ? {} : { disabled: true }) }));
    });
}

/** Header parameters the call needs: required ones, and idempotency keys, fresh on every run (`{{$guid}}`). */
function headersOf(op: OperationInfo, step: FlowStep, hasJsonBody: boolean): JsonObject[] {
  const idempotency = (p: ParameterInfo) => p.raw['x-idempotency-key'] === true;
  const headers = op.parameters
    .filter((p) => p.in === 'header' && (p.required || idempotency(p) || step.headers?.[p.name] !== undefined))
    .map((p) => ({
      key: p.name,
      value: step.headers?.[p.name] ?? (idempotency(p) ? '{{$guid}}' : text(p.example ?? '')),
    }));
  return [
    ...headers,
    ...(hasJsonBody ? [{ key: 'Content-Type', value: 'application/json' }] : []),
    { key: 'Accept', value: 'application/json' },
  ];
}

function urlOf(op: OperationInfo, step: FlowStep): JsonObject {
  const segments = op.path.split('/').filter(Boolean);
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const variable = pathParams.map((p) => {
    const value = step.path?.[p.name] ?? p.example;
    if (value === undefined) throw new Error(`${op.operationId}: path parameter ${p.name} has no value.`);
    return { key: p.name, value: text(value) };
  });
  const path = segments.map((s) => s.replace(/^\{(.+)\}$/, ':$1'));
  const query = queryOf(op, step);
  const sent = query.filter((q) => q.disabled !== true).map((q) => `${q.key}=${q.value}`);
  return {
    raw: `{{baseUrl}}/${path.join('/')}${sent.length > 0 ? `?${sent.join('&')}` : ''}`,
    host: ['{{baseUrl}}'],
    path,
    ...(query.length > 0 ? { query } : {}),
    ...(variable.length > 0 ? { variable } : {}),
  };
}

/** The request of a flow step: method, URL, headers and body, from the spec with the step's values. */
export function postmanRequest(op: OperationInfo, step: FlowStep): JsonObject {
  const body = requestBody(op, step);
  const description = [String(op.raw.description ?? '').trim(), step.note ?? ''].filter(Boolean).join('\n\n');
  return {
    method: op.method.toUpperCase(),
    header: headersOf(op, step, body?.mode === 'raw'),
    url: urlOf(op, step),
    ...(body ? { body } : {}),
    description: `\`${op.operationId}\`${description ? `\n\n${description}` : ''}`,
  };
}
