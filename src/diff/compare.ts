import {
  deref,
  type JsonObject,
  listOperations,
  listWebhooks,
  type OpenApiDocument,
  type OperationInfo,
} from '../core/openapi-document.js';
import { type Change, change } from './rules.js';
import { diffSchemas, type SchemaSide } from './schema-diff.js';

type Requirement = Record<string, string[]>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `/payments/{id}` and `/payments/{paymentId}` are the same route. */
function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;
}

/** Media type → schema of a request body or response, refs followed. */
function contentOf(doc: OpenApiDocument, holder: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const resolved = holder === undefined ? undefined : deref<JsonObject>(doc, holder);
  if (!isObject(resolved) || !isObject(resolved.content)) return out;
  for (const [type, media] of Object.entries(resolved.content))
    out.set(type, isObject(media) ? deref<JsonObject>(doc, media).schema : undefined);
  return out;
}

function requirementKey(requirement: Requirement): string {
  return Object.keys(requirement).sort().join(' + ') || '(anonymous)';
}

function requirementKeys(requirements: unknown): Set<string> {
  return new Set((Array.isArray(requirements) ? (requirements as Requirement[]) : []).map(requirementKey));
}

function compareSecurity(before: Set<string>, after: Set<string>, where: string, global: boolean): Change[] {
  const out: Change[] = [];
  const open = after.size === 0 || after.has('(anonymous)');
  for (const key of before) {
    if (after.has(key)) continue;
    if (open) out.push(change('api-security-no-longer-required', where, `${key} is no longer required`));
    else
      out.push(
        change(global ? 'api-global-security-removed' : 'api-security-removed', where, `${key} is no longer accepted`),
      );
  }
  for (const key of after)
    if (!before.has(key) && key !== '(anonymous)')
      out.push(change(global ? 'api-global-security-added' : 'api-security-added', where, `${key} is accepted`));
  return out;
}

function compareSchemes(oldDoc: OpenApiDocument, newDoc: OpenApiDocument): Change[] {
  const schemes = (doc: OpenApiDocument) =>
    ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
  const before = schemes(oldDoc);
  const after = schemes(newDoc);
  const out: Change[] = [];
  for (const [name, old] of Object.entries(before)) {
    const now = after[name];
    const where = `security scheme ${name}`;
    if (!now) {
      out.push(change('api-security-component-removed', where, 'removed'));
      continue;
    }
    const a = deref<JsonObject>(oldDoc, old);
    const b = deref<JsonObject>(newDoc, now);
    const kind = (s: JsonObject) => (s.type === 'http' ? `http ${String(s.scheme).toLowerCase()}` : String(s.type));
    if (kind(a) !== kind(b)) out.push(change('api-security-component-type-changed', where, `${kind(a)} → ${kind(b)}`));
    else if (a.type === 'apiKey' && (a.in !== b.in || String(a.name).toLowerCase() !== String(b.name).toLowerCase())) {
      out.push(change('api-security-component-location-changed', where, `${a.in} ${a.name} → ${b.in} ${b.name}`));
    }
  }
  for (const name of Object.keys(after))
    if (!before[name]) out.push(change('api-security-component-added', `security scheme ${name}`, 'added'));
  return out;
}

function schemaChanges(
  oldDoc: OpenApiDocument,
  a: unknown,
  newDoc: OpenApiDocument,
  b: unknown,
  side: SchemaSide,
  where: string,
  label: string,
): Change[] {
  return diffSchemas(oldDoc, a, newDoc, b, side).map((f) =>
    change(f.id, where, `${label}${f.pointer ? ` ${f.pointer}` : ''}: ${f.detail}`),
  );
}

function compareParameters(
  oldDoc: OpenApiDocument,
  old: OperationInfo,
  newDoc: OpenApiDocument,
  now: OperationInfo,
  where: string,
): Change[] {
  const out: Change[] = [];
  // Path parameters are matched by position, so renaming `{id}` to `{paymentId}` is no change to a client.
  const keyed = (op: OperationInfo) => {
    let position = 0;
    return new Map(
      op.parameters.map((p) => [
        p.in === 'path' ? `path #${position++}` : `${p.in} ${p.in === 'header' ? p.name.toLowerCase() : p.name}`,
        p,
      ]),
    );
  };
  const before = keyed(old);
  const after = keyed(now);
  for (const [key, p] of before) {
    const q = after.get(key);
    const label = `parameter ${p.in} ${p.name}`;
    if (!q) {
      out.push(change('request-parameter-removed', where, `${label}: removed`));
      continue;
    }
    if (!p.required && q.required)
      out.push(change('request-parameter-became-required', where, `${label}: became required`));
    if (p.required && !q.required)
      out.push(change('request-parameter-became-optional', where, `${label}: became optional`));
    out.push(...schemaChanges(oldDoc, p.schema, newDoc, q.schema, 'request-parameter', where, label));
  }
  for (const [key, q] of after) {
    if (before.has(key)) continue;
    const label = `parameter ${q.in} ${q.name}`;
    out.push(
      change(
        q.required ? 'new-required-request-parameter' : 'new-optional-request-parameter',
        where,
        `${label}: added${q.required ? ', required' : ''}`,
      ),
    );
  }
  return out;
}

function compareRequestBodies(
  oldDoc: OpenApiDocument,
  old: OperationInfo,
  newDoc: OpenApiDocument,
  now: OperationInfo,
  where: string,
): Change[] {
  const out: Change[] = [];
  const required = (doc: OpenApiDocument, op: OperationInfo) =>
    op.raw.requestBody !== undefined && deref<JsonObject>(doc, op.raw.requestBody).required === true;
  if (!required(oldDoc, old) && required(newDoc, now))
    out.push(change('request-body-became-required', where, 'request body: became required'));
  const before = contentOf(oldDoc, old.raw.requestBody);
  const after = contentOf(newDoc, now.raw.requestBody);
  if (before.size === 0) return out;
  for (const [type, schema] of before) {
    if (!after.has(type)) {
      if (after.size > 0)
        out.push(change('request-body-media-type-removed', where, `request body: ${type} no longer accepted`));
      continue;
    }
    out.push(...schemaChanges(oldDoc, schema, newDoc, after.get(type), 'request-property', where, 'request body'));
  }
  for (const type of after.keys())
    if (!before.has(type)) out.push(change('request-body-media-type-added', where, `request body: ${type} accepted`));
  return out;
}

function compareResponses(
  oldDoc: OpenApiDocument,
  old: OperationInfo,
  newDoc: OpenApiDocument,
  now: OperationInfo,
  where: string,
): Change[] {
  const out: Change[] = [];
  const responses = (op: OperationInfo) => (isObject(op.raw.responses) ? op.raw.responses : {});
  const before = responses(old);
  const after = responses(now);
  for (const [status, response] of Object.entries(before)) {
    if (!(status in after)) {
      out.push(
        change(
          /^2/.test(status) ? 'response-success-status-removed' : 'response-non-success-status-removed',
          where,
          `response ${status}: removed`,
        ),
      );
      continue;
    }
    const a = contentOf(oldDoc, response);
    const b = contentOf(newDoc, after[status]);
    for (const [type, schema] of a) {
      if (!b.has(type))
        out.push(change('response-media-type-removed', where, `response ${status}: ${type} no longer returned`));
      else
        out.push(
          ...schemaChanges(oldDoc, schema, newDoc, b.get(type), 'response-property', where, `response ${status}`),
        );
    }
  }
  for (const status of Object.keys(after))
    if (!(status in before)) out.push(change('response-status-added', where, `response ${status}: added`));
  return out;
}

function compareOperations(oldDoc: OpenApiDocument, newDoc: OpenApiDocument): Change[] {
  const out: Change[] = [];
  const before = new Map(listOperations(oldDoc).map((op) => [routeKey(op.method, op.path), op]));
  const after = new Map(listOperations(newDoc).map((op) => [routeKey(op.method, op.path), op]));
  const newPaths = new Set([...after.values()].map((op) => routeKey('', op.path)));
  const globalSecurity = Array.isArray(newDoc.security) || Array.isArray(oldDoc.security);

  for (const [key, old] of before) {
    const where = `${old.method.toUpperCase()} ${old.path}`;
    const now = after.get(key);
    if (!now) {
      const deprecated = old.raw.deprecated === true;
      const pathGone = !newPaths.has(routeKey('', old.path));
      const id = pathGone
        ? deprecated
          ? 'api-path-removed-with-deprecation'
          : 'api-path-removed-without-deprecation'
        : deprecated
          ? 'api-removed-with-deprecation'
          : 'api-removed-without-deprecation';
      out.push(change(id, where, `${old.operationId} removed`));
      continue;
    }
    if (old.raw.deprecated !== true && now.raw.deprecated === true)
      out.push(change('endpoint-deprecated', where, `${now.operationId} deprecated`));
    if (old.operationId !== now.operationId)
      out.push(change('api-operation-id-changed', where, `operationId ${old.operationId} → ${now.operationId}`));
    // Operation-level security is compared here; a change of the root `security` is reported once, globally.
    if (old.raw.security !== undefined || now.raw.security !== undefined || !globalSecurity) {
      out.push(...compareSecurity(requirementKeys(old.security), requirementKeys(now.security), where, false));
    }
    out.push(...compareParameters(oldDoc, old, newDoc, now, where));
    out.push(...compareRequestBodies(oldDoc, old, newDoc, now, where));
    out.push(...compareResponses(oldDoc, old, newDoc, now, where));
  }
  for (const [key, now] of after)
    if (!before.has(key))
      out.push(change('endpoint-added', `${now.method.toUpperCase()} ${now.path}`, `${now.operationId} added`));
  return out;
}

function compareWebhooks(oldDoc: OpenApiDocument, newDoc: OpenApiDocument): Change[] {
  const out: Change[] = [];
  const before = new Map(listWebhooks(oldDoc).map((w) => [`${w.event} ${w.method}`, w]));
  const after = new Map(listWebhooks(newDoc).map((w) => [`${w.event} ${w.method}`, w]));
  for (const [key, old] of before) {
    const where = `webhook ${old.event}`;
    const now = after.get(key);
    if (!now) {
      out.push(change('webhook-removed', where, `${old.operationId} removed`));
      continue;
    }
    const a = contentOf(oldDoc, old.raw.requestBody);
    const b = contentOf(newDoc, now.raw.requestBody);
    for (const [type, schema] of a)
      if (b.has(type))
        out.push(...schemaChanges(oldDoc, schema, newDoc, b.get(type), 'webhook-property', where, 'payload'));
  }
  for (const [key, now] of after)
    if (!before.has(key)) out.push(change('webhook-added', `webhook ${now.event}`, `${now.operationId} added`));
  return out;
}

/** Every change between two versions of a spec, each classified breaking or non-breaking by the rules table. */
export function diffSpecs(oldDoc: OpenApiDocument, newDoc: OpenApiDocument): Change[] {
  return [
    ...compareSchemes(oldDoc, newDoc),
    ...compareSecurity(requirementKeys(oldDoc.security), requirementKeys(newDoc.security), 'global security', true),
    ...compareOperations(oldDoc, newDoc),
    ...compareWebhooks(oldDoc, newDoc),
  ];
}
