import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  deref,
  type JsonObject,
  listOperations,
  listWebhooks,
  type OpenApiDocument,
} from '../../src/core/openapi-document.js';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { projectRoot } from '../../src/pipeline/project-root.js';

const root = projectRoot();
const bundled = (slug: string) =>
  JSON.parse(readFileSync(join(root, 'generated', slug, 'openapi.json'), 'utf8')) as OpenApiDocument;
const routes = (doc: OpenApiDocument) => listOperations(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`);

/** Endpoints and webhook events as the provider documents name them (../shared/seeds). */
const DOCUMENTED: [slug: string, { endpoints: string[]; webhooks: string[] }][] = [
  [
    'alyapay',
    {
      endpoints: ['POST /api/v1/public/sessions', 'GET /api/v1/public/transactions/{transaction_id}/status'],
      webhooks: [],
    },
  ],
  [
    'novasend',
    {
      endpoints: ['POST /v1/payin/sessions', 'GET /v1/payin/{reference}'],
      webhooks: ['payin.confirmed', 'payin.declined'],
    },
  ],
  [
    'chari-pay',
    {
      endpoints: [
        'POST /v1/payments',
        'POST /v1/payments/{id}/capture',
        'POST /v1/payments/{id}/refunds',
        'GET /v1/payments/{id}',
        'GET /v1/payments',
        'POST /v1/customers/{id}/payment-methods',
      ],
      webhooks: ['payment.completed', 'payment.failed', 'payment.refunded', 'payment.disputed'],
    },
  ],
  [
    'haloubi-gateway',
    {
      endpoints: [
        'POST /api/v1/payments/authorize',
        'POST /api/v1/payments/sale',
        'POST /api/v1/payments/{id}/capture',
        'POST /api/v1/payments/{id}/void',
        'POST /api/v1/payments/{id}/refund',
        'GET /api/v1/payments/{id}',
        'POST /api/v1/payment-intents',
        'GET /api/public/payment-intents/{id}',
        'POST /api/public/payment-intents/{id}/confirm',
        'POST /api/v1/payment-intents/{id}/cancel',
        'GET /api/v1/transactions/{id}',
        'GET /api/v1/transactions',
      ],
      webhooks: [
        'payment.authorized',
        'payment.captured',
        'payment.voided',
        'payment.refunded',
        'payment.failed',
        'payment_intent.created',
        'payment_intent.succeeded',
        'payment_intent.canceled',
      ],
    },
  ],
];

describe('every endpoint and webhook the documents describe is in the bundled spec', () => {
  test.each(DOCUMENTED)('%s', (slug, want) => {
    const doc = bundled(slug);
    expect(routes(doc).sort()).toEqual([...want.endpoints].sort());
    expect(
      listWebhooks(doc)
        .map((w) => w.event)
        .sort(),
    ).toEqual([...want.webhooks].sort());
  });
});

describe('chari-money covers the whole v1.9 document', () => {
  const doc = bundled('chari-money');
  const ops = listOperations(doc);
  const seed = join(root, '..', 'shared', 'seeds', 'chari-money-baas-api-v1.9.txt');

  test('57 available operations, 4 coming soon, 10 webhooks keyed by event id', () => {
    expect(ops.filter((o) => !o.comingSoon)).toHaveLength(57);
    expect(ops.filter((o) => o.comingSoon)).toHaveLength(4);
    expect(
      listWebhooks(doc)
        .map((w) => w.event)
        .sort(),
    ).toEqual(
      [
        'customer.level.updated',
        'cashin.card.authorized',
        'payment.card.authorized',
        'payment.received',
        'bank-transfer.initiated',
        'bank-transfer.completed',
        'bank-transfer.received',
        'transfer.received',
        'cashin.network.executed',
        'cashout.network.executed',
      ].sort(),
    );
  });

  // The document's endpoint headings read `{host}/api/...<Title>`; each must be a path of the spec.
  test.skipIf(!existsSync(seed))(
    'every `{host}/api/…` path of the document is a spec path (needs ../shared/seeds)',
    () => {
      const text = readFileSync(seed, 'utf8');
      const segment = String.raw`(?:[a-z_-]+|\{[A-Za-z]+\})`;
      const heading = new RegExp(String.raw`\{host\}(/api(?:/${segment})+)(Coming Soon)?`, 'g');
      const documented = [...text.matchAll(heading)].map((m) => ({
        path: m[1]!.replace('{Id}', '{id}'),
        soon: m[2] !== undefined,
      }));
      expect(documented).toHaveLength(61);
      const specPaths = new Set(ops.map((o) => o.path));
      expect(documented.filter((d) => !specPaths.has(d.path)).map((d) => d.path)).toEqual([]);
      expect(documented.filter((d) => d.soon)).toHaveLength(ops.filter((o) => o.comingSoon).length);
    },
  );

  test('every operation carries C-Request-Id and echoes it on every response', () => {
    for (const op of ops) {
      expect(
        op.parameters.some((p) => p.in === 'header' && p.name === 'C-Request-Id'),
        op.operationId,
      ).toBe(true);
      for (const r of op.responses)
        expect(Object.keys(r.headers), `${op.operationId} ${r.status}`).toContain('C-Request-Id');
    }
  });

  test('reference tables are named integer enums with x-enum-varnames', () => {
    const schemas = (doc.components as JsonObject).schemas as Record<string, JsonObject>;
    for (const name of [
      'OperationType',
      'TransactionType',
      'OperationStatus',
      'TransactionStatus',
      'Sens',
      'CustomerStatus',
      'AccountLevel',
      'DocumentType',
      'UnregisterReason',
    ]) {
      expect(schemas[name]?.type, name).toBe('integer');
      const schema = schemas[name] ?? {};
      expect((schema['x-enum-varnames'] as unknown[]).length, name).toBe((schema.enum as unknown[]).length);
    }
    expect(schemas.WalletType?.enum).toEqual(['P', 'C']);
    expect(schemas.OperationType?.enum).toEqual([1, 2, 3, 5, 7, 9, 10, 12, 24, 25]);
    expect(schemas.ChariErrorCode?.enum).toEqual([
      10001, 20000, 20005, 20006, 20007, 20008, 20009, 20017, 26001, 26004, 26005, 27000, 27001, 32000,
    ]);
  });
});

/** A schema that says nothing: `{}` or only annotations. */
function isEmptySchema(doc: OpenApiDocument, schema: unknown): boolean {
  const s = deref<JsonObject>(doc, schema);
  const constraining = ['type', 'properties', 'allOf', 'oneOf', 'anyOf', 'items', 'enum', 'const', '$ref', 'not', 'if'];
  return !constraining.some((k) => k in s);
}

describe('no untyped hole remains', () => {
  test.each(PROVIDER_SLUGS)('%s: every JSON request body and 2xx response has a non-empty schema', (slug) => {
    const doc = bundled(slug);
    const holes: string[] = [];
    for (const op of [...listOperations(doc), ...listWebhooks(doc)]) {
      if (op.requestBody && /json/.test(op.requestBody.contentType) && isEmptySchema(doc, op.requestBody.schema ?? {}))
        holes.push(`${op.operationId} request`);
      for (const r of op.responses) {
        if (/^2/.test(r.status) && r.body && /json/.test(r.body.contentType) && isEmptySchema(doc, r.body.schema ?? {}))
          holes.push(`${op.operationId} ${r.status}`);
      }
    }
    expect(holes).toEqual([]);
  });

  test.each(PROVIDER_SLUGS)('%s: every component file under specs/ is used by the bundle', (slug) => {
    const dir = join(root, 'specs', slug, 'components', 'schemas');
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.yaml'))
          .map((f) => f.replace(/\.yaml$/, ''))
      : [];
    const bundledNames = Object.keys(((bundled(slug).components as JsonObject | undefined)?.schemas ?? {}) as object);
    expect(files.filter((f) => !bundledNames.includes(f))).toEqual([]);
  });
});
