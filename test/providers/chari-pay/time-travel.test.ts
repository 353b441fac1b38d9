import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import spec from '../../../generated/chari-pay/spec.js';
import { listOperations, type OperationInfo } from '../../../src/core/openapi-document.js';
import type { ChariPayTestCard } from '../../../src/providers/chari-pay/sandbox/test-cards.js';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/index.js';

// Nothing in the sandbox expires with the calendar: every success example of the spec, replayed in 2035 against
// state seeded through the API, still succeeds. The guide's test instruments are tokens with no expiry date.

const TARGET_YEAR = 2035;
const CARDS = spec['x-test-cards'] as ChariPayTestCard[];
const success = CARDS.find((card) => card.outcome === 'captured')?.token;
const testTokens = new Set(CARDS.map((card) => card.token));

interface Replay {
  op: OperationInfo;
  example: string;
  body?: unknown;
  /** the documented success status */
  status: number;
}

/** Every request example of every operation that documents a 2xx (an operation without a body replays once). */
const replays: Replay[] = listOperations(spec).flatMap((op) => {
  const ok = op.responses.find((r) => /^2\d\d$/.test(r.status));
  if (!ok) return [];
  const examples = op.requestBody?.examples ?? [];
  const status = Number(ok.status);
  if (examples.length === 0) return [{ op, example: 'parameters', status }];
  return examples.map(({ name, value }) => ({ op, example: name, body: value, status }));
});

const key = (r: Replay) => `${r.op.operationId} ${r.example}`;

let sandbox: RunningSandbox;
/** per replay, the payment it acts on */
const seededPayment = new Map<string, string>();
let savedCardId: string;
const AUTH = { authorization: 'Bearer test_key', 'content-type': 'application/json' };

interface Answer {
  id?: string;
  created?: string;
  events?: { created: string }[];
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Answer }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: AUTH,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

let seq = 0;
async function seedPayment(captureMethod: 'automatic' | 'manual'): Promise<string> {
  const body = { amount: 15000, currency: 'MAD', reference: `seed-${++seq}`, payment_method: success };
  const created = await call('POST', '/v1/payments', { ...body, capture_method: captureMethod });
  if (created.status !== 201) throw new Error(`seeding a payment answered ${created.status}`);
  if (!created.json.id) throw new Error('a seeded payment has no id');
  return created.json.id;
}

/** The example pointed at seeded state: sample tokens become a test token, the sample saved card the seeded one. */
function pointAtSeeds(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('tok_') && !testTokens.has(value)) return success;
  if (typeof value === 'string' && value.startsWith('pm_')) return savedCardId;
  if (Array.isArray(value)) return value.map(pointAtSeeds);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pointAtSeeds(v)]));
  return value;
}

function urlOf(r: Replay): string {
  const payment = seededPayment.get(key(r));
  let path = r.op.path;
  for (const p of r.op.parameters.filter((param) => param.in === 'path'))
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(payment ?? p.example)));
  const query = new URLSearchParams();
  for (const p of r.op.parameters.filter((param) => param.in === 'query' && param.example !== undefined))
    query.set(p.name, String(p.name === 'starting_after' ? payment : p.example));
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

beforeAll(async () => {
  if (!success) throw new Error('The spec documents no successful test card.');
  // Deliveries (the guide's example names https://mysite.ma as webhook_url) are answered here, never sent out.
  sandbox = await startSandbox('chari-pay', { fetch: async () => new Response('OK') });
  const saved = await call('POST', '/v1/customers/cus_4b7e2a9d1c/payment-methods', { payment_method: success });
  if (!saved.json.id) throw new Error(`saving the test card answered ${saved.status}`);
  savedCardId = saved.json.id;
  for (const r of replays) {
    const { operationId } = r.op;
    if (operationId === 'capturePayment') seededPayment.set(key(r), await seedPayment('manual'));
    if (['refundPayment', 'getPayment', 'listPayments'].includes(operationId))
      seededPayment.set(key(r), await seedPayment('automatic'));
  }
  const seconds = Math.ceil((Date.UTC(TARGET_YEAR, 0, 1) - Date.now()) / 1000);
  const { now } = await new SandboxControl(sandbox.url).advanceClock(seconds);
  expect(now.startsWith(String(TARGET_YEAR))).toBe(true);
});

afterAll(async () => {
  await sandbox?.close();
});

describe(`every success example, replayed in ${TARGET_YEAR}`, () => {
  test('covers every operation that documents a 2xx', () => {
    expect(new Set(replays.map((r) => r.op.operationId))).toEqual(
      new Set([
        'createPayment',
        'listPayments',
        'getPayment',
        'capturePayment',
        'refundPayment',
        'attachPaymentMethod',
      ]),
    );
  });

  test.each(replays.map((r) => [key(r), r] as const))('%s', async (_name, r) => {
    const response = await call(r.op.method.toUpperCase(), urlOf(r), pointAtSeeds(r.body));
    expect(response.status, JSON.stringify(response.json)).toBe(r.status);
    // What the replay did happened in the target year: a new object's creation, or a payment's latest event.
    const stamped = response.json.events?.at(-1)?.created ?? response.json.created;
    if (r.op.method !== 'get') expect(String(stamped).slice(0, 4)).toBe(String(TARGET_YEAR));
  });

  test('nothing the sandbox did was outside its spec', () => {
    expect(sandbox.responseViolations).toEqual([]);
    expect(sandbox.internalErrors).toEqual([]);
  });
});
