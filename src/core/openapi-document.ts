/**
 * Read-only views over a bundled OpenAPI 3.1 document. Clients, sandboxes, the build and the contract
 * tests all read operations, parameters and examples through here, so nothing restates the spec.
 */

export type JsonObject = Record<string, unknown>;
export type OpenApiDocument = JsonObject & {
  paths?: Record<string, JsonObject>;
  webhooks?: Record<string, JsonObject>;
};

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ParameterInfo {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: JsonObject;
  example?: unknown;
  /** the raw parameter object, for extensions such as x-idempotency-key */
  raw: JsonObject;
}

export interface BodyInfo {
  contentType: string;
  schema?: JsonObject;
  example?: unknown;
  /** every named example, with the default one first */
  examples: { name: string; value: unknown }[];
}

export interface ResponseInfo {
  status: string;
  description: string;
  body?: BodyInfo;
  headers: Record<string, JsonObject>;
}

export interface OperationInfo {
  operationId: string;
  method: HttpMethod;
  path: string;
  summary: string;
  tags: string[];
  parameters: ParameterInfo[];
  requestBody?: BodyInfo & { required: boolean };
  responses: ResponseInfo[];
  security: Record<string, string[]>[];
  /** the raw operation object, for extensions */
  raw: JsonObject;
  comingSoon: boolean;
  sandboxOnly: boolean;
}

export interface WebhookInfo extends OperationInfo {
  event: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows local `#/...` refs until a non-ref node is reached. */
export function deref<T = JsonObject>(doc: OpenApiDocument, node: unknown): T {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`Circular $ref chain at ${String(current.$ref)}.`);
    current = resolvePointer(doc, current.$ref);
  }
  return current as T;
}

export function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`Only local refs are supported in a bundled spec, got "${ref}".`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!isObject(node) || !(key in node)) throw new Error(`Unresolvable $ref "${ref}".`);
    node = node[key];
  }
  return node;
}

function readBody(doc: OpenApiDocument, content: unknown): BodyInfo | undefined {
  if (!isObject(content)) return undefined;
  const entries = Object.entries(content);
  const chosen = entries.find(([type]) => /json/.test(type)) ?? entries[0];
  if (!chosen) return undefined;
  const [contentType, mediaRaw] = chosen;
  const media = deref<JsonObject>(doc, mediaRaw);
  const examples: { name: string; value: unknown }[] = [];
  if (media.example !== undefined) examples.push({ name: 'default', value: media.example });
  if (isObject(media.examples)) {
    for (const [name, ex] of Object.entries(media.examples)) {
      const resolved = deref<JsonObject>(doc, ex);
      if ('value' in resolved) examples.push({ name, value: resolved.value });
    }
  }
  return {
    contentType,
    schema: isObject(media.schema) ? media.schema : undefined,
    example: examples[0]?.value,
    examples,
  };
}

function readParameters(doc: OpenApiDocument, ...lists: unknown[]): ParameterInfo[] {
  const byKey = new Map<string, ParameterInfo>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const rawParam of list) {
      const p = deref<JsonObject>(doc, rawParam);
      const info: ParameterInfo = {
        name: String(p.name),
        in: p.in as ParameterInfo['in'],
        required: p.required === true || p.in === 'path',
        schema: isObject(p.schema) ? p.schema : {},
        example:
          p.example ??
          (isObject(p.schema)
            ? (p.schema.example ?? (Array.isArray(p.schema.examples) ? p.schema.examples[0] : undefined))
            : undefined),
        raw: p,
      };
      byKey.set(`${info.in}:${info.name.toLowerCase()}`, info);
    }
  }
  return [...byKey.values()];
}

function readOperation(
  doc: OpenApiDocument,
  path: string,
  method: HttpMethod,
  item: JsonObject,
  op: JsonObject,
): OperationInfo {
  const responses: ResponseInfo[] = [];
  for (const [status, rawResponse] of Object.entries(isObject(op.responses) ? op.responses : {})) {
    const response = deref<JsonObject>(doc, rawResponse);
    const headers: Record<string, JsonObject> = {};
    for (const [name, h] of Object.entries(isObject(response.headers) ? response.headers : {}))
      headers[name] = deref(doc, h);
    responses.push({
      status,
      description: String(response.description ?? ''),
      body: readBody(doc, response.content),
      headers,
    });
  }
  const body = op.requestBody ? deref<JsonObject>(doc, op.requestBody) : undefined;
  const requestBody = body ? readBody(doc, body.content) : undefined;
  return {
    operationId: String(op.operationId),
    method,
    path,
    summary: String(op.summary ?? ''),
    tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
    parameters: readParameters(doc, item.parameters, op.parameters),
    requestBody: requestBody ? { ...requestBody, required: body?.required === true } : undefined,
    responses,
    security: (Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : []) as Record<
      string,
      string[]
    >[],
    raw: op,
    comingSoon: op['x-coming-soon'] === true,
    sandboxOnly: op['x-sandbox-only'] === true,
  };
}

function eachOperation(
  doc: OpenApiDocument,
  map: Record<string, JsonObject> | undefined,
  visit: (key: string, method: HttpMethod, item: JsonObject, op: JsonObject) => void,
): void {
  for (const [key, rawItem] of Object.entries(map ?? {})) {
    const item = deref<JsonObject>(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (isObject(op)) visit(key, method, item, op);
    }
  }
}

/** Every operation under `paths`, in document order. */
export function listOperations(doc: OpenApiDocument): OperationInfo[] {
  const out: OperationInfo[] = [];
  eachOperation(doc, doc.paths, (path, method, item, op) => out.push(readOperation(doc, path, method, item, op)));
  return out;
}

/** Every webhook under the 3.1 `webhooks` map, keyed by the provider's event name. */
export function listWebhooks(doc: OpenApiDocument): WebhookInfo[] {
  const out: WebhookInfo[] = [];
  eachOperation(doc, doc.webhooks, (event, method, item, op) =>
    out.push({ ...readOperation(doc, event, method, item, op), event }),
  );
  return out;
}

export interface ServerInfo {
  url: string;
  environment?: string;
  description?: string;
}

/** Servers with their `x-environment`, server variables filled with their defaults. */
export function listServers(doc: OpenApiDocument): ServerInfo[] {
  const servers = Array.isArray(doc.servers) ? (doc.servers as JsonObject[]) : [];
  return servers.map((s) => {
    let url = String(s.url);
    for (const [name, v] of Object.entries(isObject(s.variables) ? s.variables : {})) {
      if (isObject(v) && v.default !== undefined) url = url.replaceAll(`{${name}}`, String(v.default));
    }
    return {
      url,
      environment: typeof s['x-environment'] === 'string' ? s['x-environment'] : undefined,
      description: s.description as string | undefined,
    };
  });
}
