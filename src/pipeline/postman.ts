import { createHash } from 'node:crypto';
import { convertV2 } from 'openapi-to-postmanv2';
import {
  HTTP_METHODS,
  type JsonObject,
  listOperations,
  listServers,
  type OpenApiDocument,
} from '../core/openapi-document.js';

type SecurityScheme = JsonObject & { type?: string; in?: string; name?: string; scheme?: string; description?: string };
type Requirement = Record<string, string[]>;

export interface PostmanVariable {
  key: string;
  value: string;
  type: 'string';
  description: string;
}

/** A UUID-shaped id derived from `seed`, so regenerating the committed collection changes nothing. */
function stableId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function schemesOf(doc: OpenApiDocument): Record<string, SecurityScheme> {
  return ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
}

/** The collection variables a scheme needs: one per credential, named after the scheme in the spec. */
export function credentialVariables(name: string, scheme: SecurityScheme): PostmanVariable[] {
  const about = String(scheme.description ?? '').split('\n')[0] ?? '';
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
    return [
      {
        key: `${camel(name)}Username`,
        value: '',
        type: 'string',
        description: `${name} (HTTP Basic) user name. ${about}`.trim(),
      },
      { key: `${camel(name)}Password`, value: '', type: 'string', description: `${name} (HTTP Basic) password.` },
    ];
  }
  const where = scheme.type === 'apiKey' ? `${scheme.in} ${scheme.name}` : `Authorization: Bearer`;
  return [{ key: camel(name), value: '', type: 'string', description: `${name} (${where}). ${about}`.trim() }];
}

function authFor(doc: OpenApiDocument, requirement: Requirement | undefined): JsonObject {
  if (!requirement || Object.keys(requirement).length === 0) return { type: 'noauth' };
  const [name] = Object.keys(requirement);
  const scheme = name === undefined ? undefined : schemesOf(doc)[name];
  if (!scheme || name === undefined)
    throw new Error(`Security requirement names "${name}", which is not in components.securitySchemes.`);
  const entry = (key: string, value: string) => ({ key, value, type: 'string' });
  if (scheme.type === 'apiKey') {
    return {
      type: 'apikey',
      apikey: [entry('key', String(scheme.name)), entry('value', `{{${camel(name)}}}`), entry('in', String(scheme.in))],
    };
  }
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer')
    return { type: 'bearer', bearer: [entry('token', `{{${camel(name)}}}`)] };
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
    return {
      type: 'basic',
      basic: [entry('username', `{{${camel(name)}Username}}`), entry('password', `{{${camel(name)}Password}}`)],
    };
  }
  throw new Error(
    `Security scheme "${name}" (${scheme.type}) has no Postman form here; add one in src/pipeline/postman.ts.`,
  );
}

/** Deep copy without `patternProperties`: Postman's form fields need fixed names, and faking them would be random. */
function withoutPatternProperties(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPatternProperties);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node))
    if (key !== 'patternProperties') out[key] = withoutPatternProperties(value);
  return out;
}

/** The spec as handed to the converter: operations documented as coming soon are left out, they cannot be called. */
function callableSpec(doc: OpenApiDocument): OpenApiDocument {
  const copy = withoutPatternProperties(structuredClone(doc)) as OpenApiDocument;
  delete copy.webhooks;
  for (const [path, item] of Object.entries(copy.paths ?? {})) {
    for (const method of HTTP_METHODS)
      if ((item[method] as JsonObject | undefined)?.['x-coming-soon'] === true) delete item[method];
    if (!HTTP_METHODS.some((m) => item[m]) && copy.paths) delete copy.paths[path];
  }
  return copy;
}

function convert(doc: OpenApiDocument): Promise<JsonObject> {
  return new Promise((resolve, reject) => {
    convertV2(
      { type: 'json', data: doc },
      {
        parametersResolution: 'Example',
        folderStrategy: 'Tags',
        schemaFaker: false,
        includeAuthInfoInExample: false,
        enableOptionalParameters: false,
        includeWebhooks: false,
        requestNameSource: 'Fallback',
      },
      (error, result) => {
        if (error) return reject(new Error(`openapi-to-postmanv2 failed: ${error.message}.`));
        if (!result?.result || !result.output?.[0])
          return reject(
            new Error(`openapi-to-postmanv2 could not convert the spec: ${result?.reason ?? 'no reason given'}.`),
          );
        resolve(result.output[0].data as JsonObject);
      },
    );
  });
}

interface PostmanItem extends JsonObject {
  item?: PostmanItem[];
  request?: JsonObject & { method?: string; url?: { path?: string[] }; auth?: unknown };
}

function eachRequest(items: PostmanItem[], visit: (item: PostmanItem) => void): void {
  for (const item of items) {
    if (item.item) eachRequest(item.item, visit);
    else if (item.request) visit(item);
  }
}

/** Replaces every converter-made random id with one derived from the provider and the node's place in the tree. */
function stabiliseIds(node: unknown, seed: string): void {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) stabiliseIds(n, `${seed}/${i}`);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const object = node as JsonObject;
  if (typeof object.id === 'string') object.id = stableId(seed);
  for (const [key, value] of Object.entries(object)) if (key !== 'id') stabiliseIds(value, `${seed}/${key}`);
}

/**
 * A Postman collection (v2.1) of a provider's callable operations, converted by openapi-to-postmanv2 from the
 * bundled spec: folders per tag, the spec's examples as bodies and parameters, `{{baseUrl}}` set to the sandbox
 * server, one variable per credential and each request's auth from its security requirement. Ids are derived,
 * not random, because the collection is committed and checked for freshness.
 */
export async function buildPostmanCollection(slug: string, doc: OpenApiDocument): Promise<JsonObject> {
  const collection = await convert(callableSpec(doc));
  const operations = listOperations(doc).filter((o) => !o.comingSoon);
  const byRoute = new Map(
    operations.map((o) => [`${o.method.toUpperCase()} ${o.path.replace(/\{([^}]+)\}/g, ':$1')}`, o]),
  );
  const rootSecurity = (Array.isArray(doc.security) ? doc.security : []) as Requirement[];

  eachRequest((collection.item ?? []) as PostmanItem[], (item) => {
    const request = item.request;
    if (!request) throw new Error(`${slug}: the Postman item "${String(item.name)}" has no request.`);
    const route = `${String(request.method).toUpperCase()} /${(request.url?.path ?? []).join('/')}`;
    const op = byRoute.get(route);
    if (!op) throw new Error(`${slug}: the Postman request "${route}" matches no operation of the spec.`);
    item.name = op.summary || op.operationId;
    if (JSON.stringify(op.security) === JSON.stringify(rootSecurity)) delete request.auth;
    else request.auth = authFor(doc, op.security[0]);
    byRoute.delete(route);
  });
  if (byRoute.size > 0) throw new Error(`${slug}: the Postman collection lacks ${[...byRoute.keys()].join(', ')}.`);

  const sandbox = listServers(doc).find((s) => s.environment === 'sandbox') ?? listServers(doc)[0];
  const used = new Set([...rootSecurity, ...operations.flatMap((o) => o.security)].flatMap((r) => Object.keys(r)));
  const variables: PostmanVariable[] = [
    {
      key: 'baseUrl',
      value: sandbox?.url ?? '',
      type: 'string',
      description: `Base URL of the API (the spec's ${sandbox?.environment ?? 'first'} server).`,
    },
    ...Object.entries(schemesOf(doc))
      .filter(([name]) => used.has(name))
      .flatMap(([name, scheme]) => credentialVariables(name, scheme)),
  ];

  const info = collection.info as JsonObject;
  const ordered: JsonObject = {
    info: { ...info, _postman_id: stableId(`paycontracts/${slug}`) },
    item: collection.item,
    ...(rootSecurity.length > 0 ? { auth: authFor(doc, rootSecurity[0]) } : {}),
    variable: variables,
  };
  stabiliseIds(ordered.item, slug);
  return ordered;
}
