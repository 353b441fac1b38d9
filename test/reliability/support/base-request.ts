import { randomUUID } from 'node:crypto';
import { exampleRequest, multipartSerializer } from '../../../contract-tests/support/example-request.js';
import type { JsonObject } from '../../../src/core/openapi-document.js';
import type { IndexedOperation } from '../../../src/core/operation-index.js';
import type { ExpectedCredential } from '../../../src/core/sandbox/types.js';
import { type FuzzRequest, jsonBody } from './fuzz-request.js';
import type { ProviderArtifacts } from './provider-artifacts.js';

/** Where one credential of the request travels, and the value the sandbox expects there. */
export interface AuthSlot {
  scheme: string;
  in: 'header' | 'query';
  /** header names lower-cased */
  name: string;
  kind: 'apiKey' | 'basic' | 'bearer';
  expected: ExpectedCredential;
}

/** Parts of the spec's example request replaced so it works against seeded state. */
export interface RequestOverrides {
  path?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A valid request for one operation, which every fuzz case starts from. */
export interface OperationPlan {
  op: IndexedOperation;
  /** the valid request, with a fresh idempotency key on each call */
  base(): FuzzRequest;
  /** the body value before serialization (undefined when the operation takes none) */
  body: unknown;
  multipart: boolean;
  authSlots: AuthSlot[];
  /** the operation also accepts a request without credentials (an empty security requirement) */
  authOptional: boolean;
}

export function credentialValue(slot: Pick<AuthSlot, 'kind'>, credential: ExpectedCredential): string {
  if (slot.kind === 'apiKey') return String(credential);
  if (slot.kind === 'bearer') return `Bearer ${String(credential)}`;
  const { username, password } = credential as { username: string; password: string };
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The slots of the first security requirement the credentials can meet. */
function authSlotsFor(
  artifacts: ProviderArtifacts,
  op: IndexedOperation,
  credentials: Record<string, ExpectedCredential>,
): AuthSlot[] {
  const schemes = ((artifacts.spec.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<
    string,
    JsonObject
  >;
  for (const requirement of op.security) {
    const names = Object.keys(requirement);
    if (names.length === 0 || !names.every((name) => credentials[name] !== undefined)) continue;
    return names.map((scheme) => {
      const s = schemes[scheme] ?? {};
      if (s.type === 'apiKey') {
        const where = s.in === 'query' ? 'query' : 'header';
        return {
          scheme,
          in: where,
          name: where === 'header' ? String(s.name).toLowerCase() : String(s.name),
          kind: 'apiKey',
          expected: credentials[scheme]!,
        };
      }
      return {
        scheme,
        in: 'header',
        name: 'authorization',
        kind: String(s.scheme).toLowerCase() === 'basic' ? 'basic' : 'bearer',
        expected: credentials[scheme]!,
      };
    });
  }
  return [];
}

async function multipartBytes(
  artifacts: ProviderArtifacts,
  op: IndexedOperation,
  body: unknown,
): Promise<NonNullable<FuzzRequest['body']>> {
  const form = multipartSerializer(artifacts.spec, op.requestBody?.schema)(body);
  const request = new Request('http://multipart.invalid/', { method: 'POST', body: form });
  return {
    contentType: request.headers.get('content-type') ?? undefined,
    data: new Uint8Array(await request.arrayBuffer()),
  };
}

/**
 * The spec's example request for `op` with the given overrides and credentials applied where the spec says they
 * travel. Multipart bodies are serialized once, here.
 */
export async function planOperation(
  artifacts: ProviderArtifacts,
  op: IndexedOperation,
  credentials: Record<string, ExpectedCredential>,
  overrides: RequestOverrides = {},
): Promise<OperationPlan> {
  const example = exampleRequest(artifacts.spec, op);
  const authSlots = authSlotsFor(artifacts, op, credentials);
  const path = Object.fromEntries(
    Object.entries({ ...example.params.path, ...overrides.path }).map(([k, v]) => [k, String(v)]),
  );
  const query: Record<string, string | string[]> = Object.fromEntries(
    Object.entries({ ...example.params.query, ...overrides.query }).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.map(String) : String(v),
    ]),
  );
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries({ ...example.params.header, ...overrides.headers }).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  for (const slot of authSlots) {
    const value = credentialValue(slot, slot.expected);
    if (slot.in === 'header') headers[slot.name] = value;
    else query[slot.name] = value;
  }
  const body = 'body' in overrides ? overrides.body : example.body;
  const multipart = /multipart\/form-data/.test(op.requestBody?.contentType ?? '');
  const serialized =
    !op.requestBody || body === undefined
      ? undefined
      : multipart
        ? await multipartBytes(artifacts, op, body)
        : jsonBody(body);
  const idempotencyHeader = op.idempotencyHeader?.toLowerCase();
  return {
    op,
    body,
    multipart,
    authSlots,
    authOptional: op.security.some((requirement) => Object.keys(requirement).length === 0),
    base: () => ({
      method: op.method.toUpperCase(),
      pathTemplate: op.path,
      path: { ...path },
      query: structuredClone(query),
      headers: {
        ...headers,
        ...(idempotencyHeader && !overrides.headers?.[op.idempotencyHeader!]
          ? { [idempotencyHeader]: randomUUID() }
          : {}),
      },
      body: serialized,
    }),
  };
}
