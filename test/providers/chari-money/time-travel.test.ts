import { afterAll, beforeAll, expect, test } from 'vitest';
import { exampleRequest } from '../../../contract-tests/support/example-request.js';
import type { IndexedOperation } from '../../../src/core/operation-index.js';
import { type RunningSandbox, SandboxControl, sandboxDefaults, startSandbox } from '../../../src/sandbox/index.js';
import { planOperation, type RequestOverrides } from '../../reliability/support/base-request.js';
import { sendRequest } from '../../reliability/support/fuzz-request.js';
import { PROVIDER_ARTIFACTS } from '../../reliability/support/provider-artifacts.js';
import { type SeededFixture, seedFixture } from '../../reliability/support/sandbox-fixtures.js';
import { startWebhookSink, type WebhookSink } from '../../reliability/support/webhook-sink.js';
import { secondsUntil, TEST_CARD } from './sandbox-session.js';

// Every success example of the spec, replayed with the sandbox clock in 2035: nothing the document fixes (the test
// card's "Expiry 08/26") and no date an example carries may make it fail.
const TIME_TRAVEL_TO = '2035-06-01T00:00:00Z';
/** The document's test card expiry, "08/26", as the YYMM the requests carry. */
const DOCUMENTED_EXPIRY = '2608';
const TIMEOUT_MS = 10_000;

const artifacts = PROVIDER_ARTIFACTS['chari-money'];
let sandbox: RunningSandbox;
let sink: WebhookSink;
let fixture: SeededFixture;
let credentials: Awaited<ReturnType<typeof sandboxDefaults>>['credentials'];

type Body = Record<string, unknown>;
const isBody = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The seed pays with the test card at an expiry a year after the wall clock, which is past in 2035; the card's
 * documented expiry is what a time traveller sends.
 */
function withDocumentedExpiry(overrides?: RequestOverrides): RequestOverrides | undefined {
  if (!overrides || !isBody(overrides.body) || overrides.body.ExpiryDate === undefined) return overrides;
  return { ...overrides, body: { ...overrides.body, ExpiryDate: TEST_CARD.expiry } };
}

async function send(op: IndexedOperation, overrides?: RequestOverrides) {
  const plan = await planOperation(artifacts, op, credentials, overrides);
  return sendRequest(sandbox.url, plan.base(), TIMEOUT_MS);
}

beforeAll(async () => {
  sandbox = await startSandbox('chari-money');
  const control = new SandboxControl(sandbox.url);
  await control.advanceClock(secondsUntil(sandbox, TIME_TRAVEL_TO));
  credentials = (await sandboxDefaults('chari-money')).credentials;
  sink = await startWebhookSink();
  fixture = await seedFixture('chari-money', {
    control,
    webhookUrl: sink.url,
    example: (operationId) => structuredClone(operation(operationId).requestBody?.example),
    call: async (operationId, overrides) => {
      const outcome = await send(operation(operationId), withDocumentedExpiry(overrides));
      if (outcome.status < 200 || outcome.status > 299)
        throw new Error(`Seeding in 2035: ${operationId} answered ${outcome.status}: ${outcome.text}`);
      return outcome.text ? JSON.parse(outcome.text) : undefined;
    },
  });
});
afterAll(async () => {
  await sandbox?.close();
  await sink?.close();
});

/** The request body examples of an operation, by name (`default` when the spec gives a single `example`). */
function bodyExamples(op: IndexedOperation): [string, unknown][] {
  return (op.requestBody?.examples ?? []).map((e) => [e.name, e.value]);
}

/**
 * The requests replayed for one operation: its example pointed at seeded state (as Dredd replays it), and for card
 * operations every named example body as the spec writes it, expiry included, with the seeded query and path.
 */
function replays(op: IndexedOperation): [string, RequestOverrides | undefined][] {
  const seeded = fixture.overrides[op.operationId];
  const example = exampleRequest(artifacts.spec, op).body;
  if (!isBody(example) || example.ExpiryDate === undefined) return [[op.operationId, withDocumentedExpiry(seeded)]];
  return bodyExamples(op).map(([name, body]) => [`${op.operationId} (${name})`, { ...seeded, body }]);
}

const successful = (op: IndexedOperation) => op.responses.some((r) => /^2/.test(r.status));

function operation(operationId: string): IndexedOperation {
  const op = artifacts.operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`chari-money has no available operation ${operationId}.`);
  return op;
}

test('the spec’s card examples carry the document’s test card and expiry', () => {
  const cardExamples = artifacts.operations.flatMap((op) =>
    bodyExamples(op)
      .map(([, body]) => body)
      .filter((body): body is Body => isBody(body) && body.ExpiryDate !== undefined),
  );
  expect(cardExamples.length).toBeGreaterThanOrEqual(4);
  for (const body of cardExamples) expect(body).toMatchObject({ Pan: TEST_CARD.number, ExpiryDate: DOCUMENTED_EXPIRY });
});

test('every success example still succeeds in 2035', async () => {
  expect(sandbox.clock.now()).toBeGreaterThanOrEqual(Date.parse(TIME_TRAVEL_TO));
  const failures: string[] = [];
  let replayed = 0;
  for (const op of artifacts.operations.filter(successful)) {
    for (const [name, overrides] of replays(op)) {
      const outcome = await send(op, overrides);
      replayed += 1;
      if (outcome.status < 200 || outcome.status > 299) failures.push(`${name}: ${outcome.status} ${outcome.text}`);
    }
  }
  expect(failures).toEqual([]);
  expect(replayed).toBeGreaterThanOrEqual(artifacts.operations.length);
  expect(sandbox.internalErrors).toEqual([]);
  expect(sandbox.responseViolations).toEqual([]);
});

test('the agentToBeneficiary bank transfer example succeeds in 2035', async () => {
  const op = operation('executeBankTransfer');
  const example = bodyExamples(op).find(([name]) => name === 'agentToBeneficiary')?.[1];
  if (!isBody(example)) throw new Error('The spec has no agentToBeneficiary example on executeBankTransfer.');
  const agent = String(fixture.overrides.previewAgentCardCashIn?.query?.code);
  // A beneficiary with a RIB, saved by the wallet the createBeneficiary example names (seeded).
  const beneficiary = await send(operation('createBeneficiary'), {
    body: { Name: 'Aminata Diop', Rib: '007780000123456789012345' },
  });
  expect(beneficiary.status, beneficiary.text).toBe(200);
  // The example's 25 000 MAD is more than the seeded agent's float; the payer and payee are the example's own fields.
  const body = { ...example, AgentCode: agent, BeneficiaryId: JSON.parse(beneficiary.text).data.id, Amount: 100 };
  const outcome = await send(op, { body });
  expect(outcome.status, outcome.text).toBe(200);
});
