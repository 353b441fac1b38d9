import { afterAll, beforeAll, expect, test } from 'vitest';
import spec from '../../../generated/alyapay/spec.js';
import { validators } from '../../../generated/alyapay/validators.js';
import { listOperations } from '../../../src/core/openapi-document.js';
import { alyapaySession } from './sandbox-session.js';

// Nothing in the AlyaPay sandbox expires with the calendar: every success example of the spec, replayed in 2035
// against state seeded through the API, still succeeds. Only a session token expires, 1 hour after its session.

const TARGET = Date.UTC(2035, 0, 1);

const replays = listOperations(spec).flatMap((op) => {
  const ok = op.responses.find((r) => /^2\d\d$/.test(r.status));
  if (!ok) return [];
  const status = Number(ok.status);
  const examples = op.requestBody?.examples ?? [];
  if (examples.length === 0) return [{ op, example: 'parameters', body: undefined as unknown, status }];
  return examples.map(({ name, value }) => ({ op, example: name, body: value as unknown, status }));
});

let session: Awaited<ReturnType<typeof alyapaySession>>;
beforeAll(async () => {
  session = await alyapaySession();
  await session.control.advanceClock(Math.ceil((TARGET - session.sandbox.clock.now()) / 1000));
});
afterAll(() => session?.close());

test('the sandbox clock is in 2035 and every operation with a success example is replayed', () => {
  expect(new Date(session.sandbox.clock.now()).getUTCFullYear()).toBe(2035);
  expect(replays.map((r) => r.op.operationId).sort()).toEqual(['createSession', 'getTransactionStatus']);
});

test.each(replays.map((r) => [`${r.op.operationId} ${r.example}`, r] as const))(
  '%s still succeeds in 2035',
  async (_name, { op, body, status }) => {
    if (op.operationId === 'createSession') {
      const created = await session.createSession(body);
      expect(created.status, JSON.stringify(created.body)).toBe(status);
      expect(validators.responses.createSession?.[String(status)]?.(created.body)).toBe(true);
      return;
    }
    // Seeded in 2035 through the API: a session, its token and a paid transaction.
    const seeded = await session.createSession();
    const { transaction_id } = await session.control.payAlyaPaySession(seeded.body.session_id, 'APPROVED');
    const read = await session.transactionStatus(seeded.body.session_token, transaction_id);
    expect(read.status, JSON.stringify(read.body)).toBe(status);
    expect(read.body.created_at).toMatch(/^01\/01\/35 /);
    expect(validators.responses.getTransactionStatus?.[String(status)]?.(read.body)).toBe(true);
  },
);
