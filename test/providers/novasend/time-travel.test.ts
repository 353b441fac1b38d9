import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import spec from '../../../generated/novasend/spec.js';
import { validators } from '../../../generated/novasend/validators.js';
import { listOperations } from '../../../src/core/openapi-document.js';
import { documentedPayinRequest, novasendSession } from './sandbox-session.js';

// Nothing in the Novasend sandbox expires with the calendar: every success example of the spec, replayed in 2035
// against state seeded through the API, still succeeds. The document fixes no date in a request.

const TARGET = Date.UTC(2035, 0, 1);

/** Every request example of every operation that documents a 2xx; an operation without a body replays once. */
const replays = listOperations(spec).flatMap((op) => {
  const ok = op.responses.find((r) => /^2\d\d$/.test(r.status));
  if (!ok) return [];
  const examples = op.requestBody?.examples ?? [];
  const status = Number(ok.status);
  if (examples.length === 0) return [{ op, example: 'parameters', body: undefined as unknown, status }];
  return examples.map(({ name, value }) => ({ op, example: name, body: value as unknown, status }));
});

let session: Awaited<ReturnType<typeof novasendSession>>;
/** a payin created before the clock moved, read back after it */
let seededBefore: string;

beforeAll(async () => {
  session = await novasendSession();
  seededBefore = (await session.createPayin()).body.reference;
  await session.control.advanceClock(Math.ceil((TARGET - session.sandbox.clock.now()) / 1000));
});
afterAll(() => session?.close());

test('the sandbox clock is in 2035', () => {
  expect(new Date(session.sandbox.clock.now()).getUTCFullYear()).toBe(2035);
  expect(replays.map((r) => `${r.op.operationId} ${r.example}`).sort()).toEqual([
    'createPayinSession document',
    'createPayinSession withUuid',
    'getPayin parameters',
  ]);
});

test.each(replays.map((r) => [`${r.op.operationId} ${r.example}`, r] as const))(
  '%s still succeeds in 2035',
  async (_name, { op, body, status }) => {
    if (op.operationId === 'createPayinSession') {
      const created = await session.createPayin(body as Record<string, unknown>);
      expect(created.status, JSON.stringify(created.body)).toBe(status);
      expect(new Date(created.body.createdAt).getUTCFullYear()).toBe(2035);
      expect(validators.responses.createPayinSession?.[String(status)]?.(created.body)).toBe(true);
      return;
    }
    // Read back a payin seeded in 2035, and one seeded before the clock moved (expired meanwhile, still readable).
    const fresh = (await session.createPayin(documentedPayinRequest({ reference: randomUUID() }))).body.reference;
    for (const reference of [fresh, seededBefore]) {
      const read = await session.getPayin(reference);
      expect(read.status, JSON.stringify(read.body)).toBe(status);
      expect(validators.responses.getPayin?.[String(status)]?.(read.body)).toBe(true);
    }
    expect((await session.getPayin(fresh)).body.status).toBe('processing');
  },
);
