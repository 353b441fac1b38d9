import { describe, expect, test } from 'vitest';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import { OperationIndex } from '../../src/core/operation-index.js';
import type { ProviderSlug } from '../../src/core/providers.js';
import type { GeneratedValidators } from '../../src/core/validation.js';
import { exampleRequest } from './example-request.js';
import { invalidBodies } from './invalid-body.js';
import { type AnyClient, clientFor, type TargetCredentials } from './provider-clients.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The operations a contract run must call, counted straight from the bundled spec's `paths` (not from the
 * OperationIndex the run itself iterates): every method of every path, less those marked `x-coming-soon: true`.
 * Webhooks are not under `paths`, and `$ref`'d path items are resolved within the document.
 */
export function availableOperationIds(spec: OpenApiDocument): string[] {
  const ids: string[] = [];
  const doc = spec as unknown as Record<string, unknown>;
  const resolve = (node: unknown): Record<string, unknown> => {
    const ref = (node as { $ref?: unknown } | undefined)?.$ref;
    if (typeof ref !== 'string') return (node ?? {}) as Record<string, unknown>;
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (n, k) => (n as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')],
        doc,
      );
    return resolve(target);
  };
  for (const [path, item] of Object.entries(resolve(doc.paths))) {
    const pathItem = resolve(item);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Record<string, unknown> | undefined;
      if (!operation || operation['x-coming-soon'] === true) continue;
      ids.push(typeof operation.operationId === 'string' ? operation.operationId : `${method.toUpperCase()} ${path}`);
    }
  }
  return ids.sort();
}

export interface SchemaTarget {
  name: string;
  baseUrl: () => string;
  credentials: TargetCredentials;
  /** Target-specific evidence that a rejection came from request validation (e.g. Prism's sl-violations header). */
  expectValidationRejection?: (response: Response) => void;
}

/**
 * Generated from the spec's operation list, so no operation can be forgotten: every available operation is
 * called through the typed client with the spec's example request and its response is validated with the
 * precompiled validator for its status; every JSON request body is also sent broken and must be rejected.
 */
export function describeSchemaContract(
  slug: ProviderSlug,
  spec: OpenApiDocument,
  validators: GeneratedValidators,
  target: SchemaTarget,
): void {
  const index = new OperationIndex(spec);
  const operations = index.available();
  const exercised = new Set<string>();

  describe(`${slug} > ${target.name} > schema`, () => {
    for (const op of operations) {
      test(`${op.operationId} > example request gets a documented 2xx that matches the spec`, async () => {
        const client = clientFor(slug, target.baseUrl(), target.credentials, {
          validate: 'both',
          maxRetries: 0,
        }) as unknown as AnyClient;
        const request = exampleRequest(spec, op);
        const result = await client[op.method.toUpperCase()]!(op.path, { ...request });
        const status = String(result.response.status);
        expect(status, `${op.operationId} answered ${status}: ${JSON.stringify(result.error)}`).toMatch(/^2/);
        expect(op.responses.map((r) => r.status)).toContain(status);
        const check = validators.responses[op.operationId]?.[status];
        if (op.responses.find((r) => r.status === status)?.body?.schema) {
          expect(check, `no generated validator for ${op.operationId} ${status}`).toBeTypeOf('function');
          if (!check) return;
          expect(check(result.data), JSON.stringify(check.errors)).toBe(true);
        }
        exercised.add(op.operationId);
      });

      const body = op.requestBody;
      if (body?.schema && /json/.test(body.contentType)) {
        for (const broken of invalidBodies(spec, body.schema, body.example)) {
          test(`${op.operationId} > ${broken.mutation} is rejected`, async () => {
            const check = validators.requests[op.operationId];
            if (!check) throw new Error(`no generated request validator for ${op.operationId}`);
            // The mutation must really break the schema, or this test would prove nothing.
            expect(check(broken.body)).toBe(false);
            const client = clientFor(slug, target.baseUrl(), target.credentials, {
              validate: 'off',
              maxRetries: 0,
            }) as unknown as AnyClient;
            const request = exampleRequest(spec, op);
            const result = await client[op.method.toUpperCase()]!(op.path, { ...request, body: broken.body });
            expect(result.response.status, JSON.stringify(result.data ?? result.error)).toBeGreaterThanOrEqual(400);
            expect(result.response.status).toBeLessThan(500);
            target.expectValidationRejection?.(result.response);
          });
        }
      }
    }

    test('every available operation in the bundled spec was exercised', () => {
      const required = availableOperationIds(spec);
      expect(required.length, 'the bundled spec lists operations').toBeGreaterThan(0);
      expect([...exercised].sort()).toEqual(required);
    });
  });
}
