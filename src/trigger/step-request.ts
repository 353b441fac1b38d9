import { randomUUID } from 'node:crypto';
import { applySecurity, type Credentials } from '../core/auth.js';
import type { IndexedOperation } from '../core/operation-index.js';
import { exampleBody, type FlowCatalog, type FlowOperation } from './operations.js';
import { mergePatch, resolveTemplates, type TemplateScope } from './templates.js';
import type { FlowStep } from './types.js';

export interface StepRequest {
  method: string;
  url: URL;
  headers: Headers;
  body?: string;
}

function text(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Path and query parameters: the step's values, and the spec's example for a required one the step leaves out. */
function requestUrl(
  baseUrl: string,
  operation: IndexedOperation,
  path: Record<string, unknown>,
  query: Record<string, unknown>,
): URL {
  let template = operation.path;
  for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
    const value = path[parameter.name] ?? parameter.example;
    template = template.replace(`{${parameter.name}}`, encodeURIComponent(text(value)));
  }
  const url = new URL(baseUrl.replace(/\/+$/, '') + template);
  for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
    const value = query[parameter.name] ?? (parameter.required ? parameter.example : undefined);
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(parameter.name, text(item));
  }
  return url;
}

/**
 * Header parameters: the step's values; a fresh key for the provider's idempotency header (a flow run twice is two
 * requests, never a replay); the spec's example for any other required header.
 */
function requestHeaders(operation: IndexedOperation, headers: Record<string, unknown>): Headers {
  const out = new Headers();
  for (const parameter of operation.parameters.filter((p) => p.in === 'header')) {
    const given = Object.entries(headers).find(([name]) => name.toLowerCase() === parameter.name.toLowerCase())?.[1];
    if (given !== undefined && given !== null) out.set(parameter.name, text(given));
    else if (parameter.name === operation.idempotencyHeader) out.set(parameter.name, randomUUID());
    else if (parameter.required && parameter.example !== undefined) out.set(parameter.name, text(parameter.example));
  }
  return out;
}

/** The HTTP request of one step, its references resolved against the steps before it. */
export function buildStepRequest(
  step: FlowStep,
  found: FlowOperation,
  catalog: FlowCatalog,
  context: { baseUrl: string; credentials: Credentials; scope: TemplateScope },
): StepRequest {
  const { operation } = found;
  const path = resolveTemplates(step.path, context.scope) as Record<string, unknown>;
  const query = resolveTemplates(step.query, context.scope) as Record<string, unknown>;
  const url = requestUrl(context.baseUrl, operation, path, query);
  const headers = requestHeaders(operation, resolveTemplates(step.headers, context.scope) as Record<string, unknown>);
  // A control call carries the provider's credentials too: a sandbox listening off loopback asks for them.
  const requirements = found.api === 'provider' ? operation.security : catalog.security;
  applySecurity(catalog.provider, requirements, context.credentials, headers, url);
  const request: StepRequest = { method: operation.method.toUpperCase(), url, headers };
  if (operation.requestBody || (found.api === 'control' && operation.method !== 'get')) {
    const patch = step.body === undefined ? undefined : resolveTemplates(step.body, context.scope);
    const example = exampleBody(operation);
    const body = patch === undefined ? (example ?? {}) : mergePatch(example, patch);
    headers.set('Content-Type', 'application/json');
    request.body = JSON.stringify(body);
  }
  return request;
}
