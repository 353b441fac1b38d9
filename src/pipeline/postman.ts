import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type JsonObject,
  listOperations,
  listServers,
  type OpenApiDocument,
  type OperationInfo,
} from '../core/openapi-document.js';
import type { ProviderSlug } from '../core/providers.js';
import { GENERATED_NOTICE } from './json-schemas.js';
import {
  authFor,
  credentialValues,
  credentialVariables,
  type PostmanVariable,
  type Requirement,
  schemesOf,
} from './postman-auth.js';
import { ENCODE_QUERY_SCRIPT, SANDBOX_ONLY_SCRIPT, testScript } from './postman-checks.js';
import { FlowFacts, type FlowStep } from './postman-flow.js';
import { FLOWS } from './postman-flows.js';
import { postmanRequest } from './postman-request.js';
import { projectRoot } from './project-root.js';
import { bundleSpec } from './redocly.js';

/** The folder newman runs (`--folder Flow`), and the one it leaves out. */
export const FLOW_FOLDER = 'Flow';
export const REFERENCE_FOLDER = 'Reference';

/** A UUID-shaped id derived from `seed`, so regenerating the committed collection changes nothing. */
function stableId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const script = (listen: 'test' | 'prerequest', exec: string[]) => ({
  listen,
  script: { type: 'text/javascript', exec },
});

interface Specs {
  slug: ProviderSlug;
  doc: OpenApiDocument;
  control: OpenApiDocument;
  rootSecurity: Requirement[];
}

function requestItem(specs: Specs, op: OperationInfo, step: FlowStep, inFlow: boolean): JsonObject {
  const request = postmanRequest(op, step);
  // Control calls take the collection's credential: a sandbox off loopback asks for one.
  if (!step.control && JSON.stringify(op.security) !== JSON.stringify(specs.rootSecurity))
    request.auth = authFor(specs.doc, op.security[0]);
  const checks = testScript(step.control ? specs.control : specs.doc, op, step, inFlow);
  // Scripts only where needed: each one costs newman a sandbox run per request.
  const query = ((request.url as JsonObject).query ?? []) as JsonObject[];
  const before = [
    ...(step.control ? SANDBOX_ONLY_SCRIPT : []),
    ...(query.some((q) => q.disabled !== true) ? ENCODE_QUERY_SCRIPT : []),
  ];
  return {
    name: step.name ?? (op.summary || op.operationId),
    event: [...(before.length > 0 ? [script('prerequest', before)] : []), script('test', checks)],
    request,
  };
}

function flowFolder(specs: Specs): { items: JsonObject[]; saved: string[]; variables: Record<string, string> } {
  const facts = new FlowFacts(specs.doc);
  const controlFacts = new FlowFacts(specs.control);
  const flow = FLOWS[specs.slug](facts);
  const items = flow.steps.map((step) => {
    const op = (step.control ? controlFacts : facts).operation(step.op);
    if (op.comingSoon)
      throw new Error(`${specs.slug}: the Postman flow calls ${op.operationId}, which is coming soon.`);
    return requestItem(specs, op, step, true);
  });
  const names = items.map((i) => String(i.name));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`${specs.slug}: two requests of the Postman flow are named "${twice}"; name one.`);
  const saved = [...new Set(flow.steps.flatMap((s) => Object.keys(s.save ?? {})))];
  return { items, saved, variables: flow.variables };
}

/** Operations the flow does not run: coming soon (not callable yet), or left out of the flow. Checks, no chaining. */
function referenceFolder(specs: Specs, inFlow: Set<string>): JsonObject[] {
  return listOperations(specs.doc)
    .filter((op) => !inFlow.has(op.operationId))
    .map((op) => {
      const item = requestItem(specs, op, { op: op.operationId }, false);
      const marked = !op.comingSoon || /coming soon/i.test(String(item.name));
      return marked ? item : { ...item, name: `${String(item.name)} (coming soon)` };
    });
}

function variablesOf(specs: Specs, flow: ReturnType<typeof flowFolder>): PostmanVariable[] {
  const sandbox = listServers(specs.doc).find((s) => s.environment === 'sandbox') ?? listServers(specs.doc)[0];
  const operations = listOperations(specs.doc).filter((o) => !o.comingSoon);
  const used = new Set(
    [...specs.rootSecurity, ...operations.flatMap((o) => o.security)].flatMap((r) => Object.keys(r)),
  );
  const credentials = Object.entries(schemesOf(specs.doc))
    .filter(([name]) => used.has(name))
    .flatMap(([name, scheme]) => credentialVariables(name, scheme));
  const declared = new Set(['baseUrl', ...credentials.map((c) => c.key)]);
  const own = (key: string, value: string, description: string): PostmanVariable => {
    declared.add(key);
    return { key, value, type: 'string', description };
  };
  return [
    {
      key: 'baseUrl',
      value: sandbox?.url ?? '',
      type: 'string',
      description: `Base URL of the API (the spec's ${sandbox?.environment ?? 'first'} server).`,
    },
    ...credentials,
    ...Object.entries(flow.variables).map(([key, value]) => own(key, value, 'A value of the flow, from the spec.')),
    ...flow.saved.filter((key) => !declared.has(key)).map((key) => own(key, '', 'Set by the flow from a reply.')),
  ];
}

const ABOUT = (slug: string) =>
  `${GENERATED_NOTICE}

**${FLOW_FOLDER}** runs the operations in the order of a working flow; each request checks that its status is one the
spec documents, that its body matches the response schema of that status (JSON Schema draft-07, as Postman's
validator reads it), and passes on the ids, tokens and references later requests use. Steps a customer or the
network would take call the sandbox control API (\`/__sandbox/…\`), which only a local paycontracts sandbox has.
**${REFERENCE_FOLDER}** holds what cannot run in the flow, such as operations documented as coming soon.

Run it against a local sandbox (\`npx paycontracts sandbox ${slug}\`):
\`npx newman run generated/${slug}/postman.json -e generated/${slug}/postman.sandbox.json --folder ${FLOW_FOLDER}\``;

/**
 * A Postman collection (v2.1) of a provider's operations from the bundled spec: a runnable flow folder with checks
 * and chained values, a reference folder, `{{baseUrl}}`, one variable per credential and each request's auth from its
 * security requirement. Ids are derived, not random, because the collection is committed and checked for freshness.
 */
export function buildPostmanCollection(slug: ProviderSlug, doc: OpenApiDocument, control: OpenApiDocument): JsonObject {
  const rootSecurity = (Array.isArray(doc.security) ? doc.security : []) as Requirement[];
  const specs: Specs = { slug, doc, control, rootSecurity };
  const flow = flowFolder(specs);
  const inFlow = new Set(
    FLOWS[slug](new FlowFacts(doc))
      .steps.filter((s) => !s.control)
      .map((s) => s.op),
  );
  const reference = referenceFolder(specs, inFlow);
  const info = doc.info as JsonObject;
  const collection: JsonObject = {
    info: {
      _postman_id: stableId(`paycontracts/${slug}`),
      name: String(info.title),
      description: ABOUT(slug),
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      { name: FLOW_FOLDER, description: 'Runs in order against a sandbox.', item: flow.items },
      ...(reference.length > 0
        ? [{ name: REFERENCE_FOLDER, description: 'Not part of the flow; see each request.', item: reference }]
        : []),
    ],
    ...(rootSecurity.length > 0 ? { auth: authFor(doc, rootSecurity[0]) } : {}),
    variable: variablesOf(specs, flow),
  };
  return collection;
}

/** The sandbox's default credentials for `slug`, by security scheme, as the control spec states them. */
function sandboxCredentials(slug: ProviderSlug, control: OpenApiDocument): Record<string, unknown> {
  const defaults = (control['x-sandbox-defaults'] as Record<string, { credentials?: Record<string, unknown> }>)?.[slug];
  if (!defaults?.credentials) throw new Error(`The sandbox-control spec has no x-sandbox-defaults for ${slug}.`);
  return defaults.credentials;
}

/** Postman environments: the local sandbox with its default credentials, and the provider's server with empty ones. */
export function buildPostmanEnvironments(
  slug: ProviderSlug,
  doc: OpenApiDocument,
  control: OpenApiDocument,
): { sandbox: JsonObject; live: JsonObject } {
  const credentials = sandboxCredentials(slug, control);
  const schemes = schemesOf(doc);
  const values = (defaults: boolean) =>
    Object.entries(credentials).flatMap(([name, value]) => {
      const scheme = schemes[name];
      if (!scheme) throw new Error(`x-sandbox-defaults names ${name}, which is not a security scheme of ${slug}.`);
      return credentialValues(name, scheme, defaults ? value : undefined).map(([key, v]) => ({
        key,
        value: v,
        type: 'secret',
        enabled: true,
      }));
    });
  const local = listServers(control)[0]?.url;
  const provider = listServers(doc).find((s) => s.environment === 'sandbox');
  if (!local || !provider) throw new Error(`${slug}: a Postman environment needs the spec's sandbox server URL.`);
  const environment = (name: string, baseUrl: string, rest: JsonObject[]) => ({
    'x-generated': GENERATED_NOTICE,
    id: stableId(`paycontracts/${slug}/${name}`),
    name,
    values: [{ key: 'baseUrl', value: baseUrl, type: 'default', enabled: true }, ...rest],
    _postman_variable_scope: 'environment',
  });
  const title = String((doc.info as JsonObject).title);
  return {
    sandbox: environment(`${title}: local sandbox`, local, [
      ...values(true),
      { key: 'sandboxControl', value: 'true', type: 'default', enabled: true },
    ]),
    live: environment(`${title}: ${provider.url}`, provider.url, values(false)),
  };
}

let controlSpec: Promise<OpenApiDocument> | undefined;

/** generated/<slug>/postman.json, postman.sandbox.json and postman.live.json; returns the number of requests. */
export async function writePostmanFiles(slug: ProviderSlug, doc: OpenApiDocument, dir: string): Promise<number> {
  controlSpec ??= bundleSpec('sandbox-control', projectRoot()) as Promise<OpenApiDocument>;
  const control = await controlSpec;
  const collection = buildPostmanCollection(slug, doc, control);
  const environments = buildPostmanEnvironments(slug, doc, control);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(join(dir, 'postman.json'), json(collection));
  await writeFile(join(dir, 'postman.sandbox.json'), json(environments.sandbox));
  await writeFile(join(dir, 'postman.live.json'), json(environments.live));
  return (collection.item as { item: unknown[] }[]).reduce((n, folder) => n + folder.item.length, 0);
}
