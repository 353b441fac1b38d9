import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import type { ProviderSlug } from '../../src/core/providers.js';
import { sandboxDefaults, startSandbox } from '../../src/sandbox/index.js';
import { planOperation } from './support/base-request.js';
import { type FuzzRequest, jsonBody, sendRequest } from './support/fuzz-request.js';
import { FuzzTally } from './support/fuzz-tally.js';
import { PROVIDER_ARTIFACTS } from './support/provider-artifacts.js';
import { rejectionProblem } from './support/response-check.js';
import { stateSnapshot } from './support/state-snapshot.js';

const CONCURRENT_REQUESTS = 100;
const REQUEST_TIMEOUT_MS = 15_000;

/** The creating operations whose provider documents an idempotency key, and the state collection each one adds to. */
const ROWS: { slug: ProviderSlug; operationId: string; collection: string }[] = [
  { slug: 'haloubi-gateway', operationId: 'authorizePayment', collection: 'payments' },
  { slug: 'novasend', operationId: 'createPayinSession', collection: 'payins' },
];

const tally = new FuzzTally();

afterAll(() => {
  console.log(tally.line('idempotency-concurrency', { concurrency: CONCURRENT_REQUESTS }));
  expect(tally.get('operations')).toBe(ROWS.length);
  expect(tally.get('resources-created')).toBe(ROWS.length);
  expect(tally.get('distinct-bodies')).toBe(ROWS.length);
  expect(tally.get('conflicts-409')).toBe(ROWS.length);
});

describe.each(ROWS)('idempotency under concurrency > $slug $operationId', ({ slug, operationId, collection }) => {
  test(`${CONCURRENT_REQUESTS} concurrent identical requests with one key create one resource and get byte-identical answers; another body with that key gets 409`, async () => {
    const artifacts = PROVIDER_ARTIFACTS[slug];
    const op = artifacts.operations.find((o) => o.operationId === operationId)!;
    const header = op.idempotencyHeader?.toLowerCase();
    expect(header, `${slug} ${operationId} documents no idempotency header`).toBeDefined();
    const sandbox = await startSandbox(slug, { rateLimit: false });
    try {
      const plan = await planOperation(artifacts, op, (await sandboxDefaults(slug)).credentials);
      const key = `concurrency-${randomUUID()}`;
      const request: FuzzRequest = { ...plan.base(), headers: { ...plan.base().headers, [header!]: key } };
      const count = () => (sandbox.state() as Record<string, Map<string, unknown>>)[collection]!.size;

      const before = count();
      const outcomes = await Promise.all(
        Array.from({ length: CONCURRENT_REQUESTS }, () => sendRequest(sandbox.url, request, REQUEST_TIMEOUT_MS)),
      );
      const created = count() - before;
      const bodies = new Set(outcomes.map((o) => o.text));
      const statuses = new Set(outcomes.map((o) => o.status));
      tally.add('operations');
      tally.add('requests', outcomes.length);
      tally.add('resources-created', created);
      tally.add('distinct-bodies', bodies.size);
      tally.add('5xx', outcomes.filter((o) => o.status >= 500).length);

      expect([...statuses], outcomes.find((o) => o.status < 200 || o.status > 299)?.text).toEqual([
        Number(op.responses.find((r) => r.status.startsWith('2'))!.status),
      ]);
      expect(created, `${created} ${collection} were created by one key`).toBe(1);
      expect(bodies.size, 'the answers differ').toBe(1);
      const check = artifacts.validators.responses[operationId]![String(outcomes[0]!.status)]!;
      expect(check(JSON.parse(outcomes[0]!.text)), JSON.stringify(check.errors)).toBe(true);

      // The same key with another body is a conflict, and changes nothing.
      const state = stateSnapshot(sandbox);
      const original = JSON.parse(String(request.body!.data)) as Record<string, unknown>;
      const conflict = await sendRequest(
        sandbox.url,
        { ...request, body: jsonBody({ ...original, amount: Number(original.amount) + 1 }) },
        REQUEST_TIMEOUT_MS,
      );
      expect(conflict.status, conflict.text).toBe(409);
      expect(rejectionProblem(artifacts, op, 'documented-4xx', conflict)).toBeUndefined();
      expect(stateSnapshot(sandbox) === state, 'the conflicting request changed the state').toBe(true);
      tally.add('conflicts-409');
      expect(sandbox.internalErrors).toEqual([]);
      expect(sandbox.responseViolations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
