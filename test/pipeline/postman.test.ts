import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type JsonObject, listOperations, listServers, type OpenApiDocument } from '../../src/core/openapi-document.js';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { projectRoot } from '../../src/pipeline/project-root.js';

interface PostmanRequest {
  method: string;
  url: { path: string[]; host: string[] };
  body?: { mode: string; raw?: string; formdata?: { key: string }[] };
  auth?: { type: string } & Record<string, { key: string; value: string }[]>;
}
interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: PostmanRequest;
}

function requests(items: PostmanItem[], out: PostmanItem[] = []): PostmanItem[] {
  for (const item of items) item.item ? requests(item.item, out) : out.push(item);
  return out;
}

const root = projectRoot();
const read = async (slug: string, file: string) =>
  JSON.parse(await readFile(join(root, 'generated', slug, file), 'utf8'));

describe.each(PROVIDER_SLUGS)('%s Postman collection', (slug) => {
  test('holds every callable operation once, with the spec example as its body', async () => {
    const spec = (await read(slug, 'openapi.json')) as OpenApiDocument;
    const collection = await read(slug, 'postman.json');
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    const all = requests(collection.item);
    const byRoute = new Map(all.map((i) => [`${i.request!.method} /${i.request!.url.path.join('/')}`, i]));
    expect(byRoute.size, 'no duplicate requests').toBe(all.length);
    const callable = listOperations(spec).filter((o) => !o.comingSoon);
    expect(all.length).toBe(callable.length);
    for (const op of callable) {
      const item = byRoute.get(`${op.method.toUpperCase()} ${op.path.replace(/\{([^}]+)\}/g, ':$1')}`);
      expect(item, `${op.operationId} is in the collection`).toBeDefined();
      expect(item!.name).toBe(op.summary);
      expect(item!.request!.url.host).toEqual(['{{baseUrl}}']);
      const body = op.requestBody;
      if (!body || body.example === undefined) continue;
      if (/json/.test(body.contentType)) {
        expect(item!.request!.body?.mode).toBe('raw');
        expect(JSON.parse(item!.request!.body!.raw!), `${op.operationId} body`).toEqual(body.example);
      } else {
        const keys = (item!.request!.body?.formdata ?? []).map((f) => f.key);
        for (const field of Object.keys(body.example as object))
          expect(keys, `${op.operationId} form field`).toContain(field);
      }
    }
  });

  test('declares baseUrl (the sandbox server) and a variable for every credential its requests use', async () => {
    const spec = (await read(slug, 'openapi.json')) as OpenApiDocument;
    const collection = await read(slug, 'postman.json');
    const variables = new Map<string, string>(
      (collection.variable as { key: string; value: string }[]).map((v) => [v.key, v.value]),
    );
    expect(variables.get('baseUrl')).toBe(listServers(spec).find((s) => s.environment === 'sandbox')!.url);
    const schemes = ((spec.components as JsonObject).securitySchemes ?? {}) as Record<string, JsonObject>;
    const used = new Set(
      listOperations(spec)
        .filter((o) => !o.comingSoon)
        .flatMap((o) => o.security.flatMap((r) => Object.keys(r))),
    );
    expect(used.size).toBeGreaterThan(0);
    for (const name of used) {
      const basic = schemes[name]!.type === 'http' && schemes[name]!.scheme === 'basic';
      const expected = basic
        ? [`${name[0]!.toLowerCase()}${name.slice(1)}Username`, `${name[0]!.toLowerCase()}${name.slice(1)}Password`]
        : [`${name[0]!.toLowerCase()}${name.slice(1)}`];
      for (const key of expected) expect([...variables.keys()], `${name} → {{${key}}}`).toContain(key);
    }
    // Every {{variable}} a request or its auth refers to is declared.
    const referenced = new Set([...JSON.stringify(collection).matchAll(/\{\{([A-Za-z0-9_]+)\}\}/g)].map((m) => m[1]!));
    for (const name of referenced) expect([...variables.keys()], `{{${name}}} is declared`).toContain(name);
  });
});
