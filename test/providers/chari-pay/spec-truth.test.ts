import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import spec from '../../../generated/chari-pay/spec.js';
import { listOperations } from '../../../src/core/openapi-document.js';
import { verifyChariPayWebhook } from '../../../src/providers/chari-pay/index.js';
import { chariPayErrorReplies } from '../../../src/providers/chari-pay/sandbox/errors.js';
import { SandboxControl, SandboxControlError } from '../../../src/sandbox/control-client.js';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/index.js';

// Chari Pay integration guide: "Register a webhook URL in your dashboard or via the API … Select the events you want
// to receive: payment.completed, payment.failed, payment.refunded, payment.disputed." "Each webhook is signed with
// your secret key … X-Webhook-Signature … HMAC-SHA256 of the request body." "401 for failed authentication",
// "500 for server error", "Typical limits range from 100 to 1,000 requests per minute … (X-RateLimit-Remaining,
// X-RateLimit-Reset) … 429 (Too Many Requests)".

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A merchant endpoint on loopback that records what it receives and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      res.end('OK');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, server };
}

let sandbox: RunningSandbox | undefined;
const servers: Server[] = [];
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function receiver() {
  const r = await startReceiver();
  servers.push(r.server);
  return r;
}

const AUTH = { authorization: 'Bearer test_key', 'content-type': 'application/json' };

function createPayment(body: Record<string, unknown>): Promise<Response> {
  if (!sandbox) throw new Error('start the sandbox first');
  return fetch(`${sandbox.url}/v1/payments`, { method: 'POST', headers: AUTH, body: JSON.stringify(body) });
}

let references = 0;
/** The guide's Node.js example body, minus the two URLs, with a fresh reference and the success test token. */
const order = (extra: Record<string, unknown> = {}) => ({
  amount: 15000,
  currency: 'MAD',
  reference: `ORDER-2026-${String(++references).padStart(3, '0')}`,
  payment_method: 'tok_success',
  ...extra,
});

/** The event types a receiver got, each verified as the guide says (HMAC-SHA256 of the raw body). */
function eventsAt(r: { received: Received[] }): string[] {
  return r.received.map(
    (d) => verifyChariPayWebhook(d.body, d.headers as Record<string, string>, 'whsec_test').payload.type,
  );
}

describe('creating a payment', () => {
  test('needs neither return_url nor webhook_url: URLs may be registered "in your dashboard or via the API"', async () => {
    sandbox = await startSandbox('chari-pay');
    const response = await createPayment(order());
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: 'captured', amount: 15000, currency: 'MAD' });
  });

  test('an unknown field is ignored, not answered with an error', async () => {
    sandbox = await startSandbox('chari-pay');
    const response = await createPayment(order({ customer_note: 'leave at the door' }));
    expect(response.status).toBe(201);
  });

  test('a webhook_url must be HTTPS, except a loopback receiver in the sandbox', async () => {
    sandbox = await startSandbox('chari-pay');
    const refused = await createPayment(order({ webhook_url: 'http://mysite.ma/api/webhooks/payment' }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'parameter_invalid', param: 'webhook_url' },
    });
    expect((await createPayment(order({ webhook_url: 'http://127.0.0.1:9/hooks' }))).status).toBe(201);
    expect((await createPayment(order({ webhook_url: 'http://localhost:9/hooks' }))).status).toBe(201);
  });
});

describe('webhook endpoints', () => {
  test("a payment's webhook_url receives its events; a payment without one notifies the dashboard URL", async () => {
    const [dashboard, perPayment] = [await receiver(), await receiver()];
    sandbox = await startSandbox('chari-pay', { webhookUrl: dashboard.url });
    const own = await createPayment(order({ webhook_url: perPayment.url }));
    expect(own.status).toBe(201);
    const refund = await fetch(`${sandbox.url}/v1/payments/${(await own.json()).id}/refunds`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({ amount: 5000 }),
    });
    expect(refund.status).toBe(201);
    expect((await createPayment(order({ payment_method: 'tok_decline_insufficient_funds' }))).status).toBe(201);
    await new SandboxControl(sandbox.url).webhooks(); // waits for the deliveries under way
    expect(eventsAt(perPayment)).toEqual(['payment.completed', 'payment.refunded']);
    expect(eventsAt(dashboard)).toEqual(['payment.failed']);
  });
});

describe('disputes (payment.disputed) through the control API', () => {
  test('the cardholder disputes a captured payment: payment.disputed is signed and sent, the history records it', async () => {
    const dashboard = await receiver();
    sandbox = await startSandbox('chari-pay', { webhookUrl: dashboard.url });
    const payment = await (await createPayment(order())).json();
    const control = new SandboxControl(sandbox.url);
    const disputed = (await control.disputeChariPayPayment(payment.id)) as {
      status: string;
      events: { type: string }[];
    };
    expect(disputed.status).toBe('captured');
    expect(disputed.events.map((e) => e.type)).toEqual(['payment.created', 'payment.captured', 'payment.disputed']);
    await control.webhooks();
    expect(eventsAt(dashboard)).toEqual(['payment.completed', 'payment.disputed']);
    const delivery = dashboard.received[1];
    if (!delivery) throw new Error('no payment.disputed delivery');
    const event = verifyChariPayWebhook(delivery.body, delivery.headers as Record<string, string>, 'whsec_test');
    expect(event.payload).toMatchObject({ type: 'payment.disputed', data: { id: payment.id, status: 'captured' } });

    const again = await control.disputeChariPayPayment(payment.id).catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 409, code: 'invalid_state' });
  });

  test('a payment that charged nothing cannot be disputed; an unknown one is not found', async () => {
    sandbox = await startSandbox('chari-pay');
    const declined = await (await createPayment(order({ payment_method: 'tok_decline_insufficient_funds' }))).json();
    const control = new SandboxControl(sandbox.url);
    const refused = await control.disputeChariPayPayment(declined.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SandboxControlError);
    expect(refused).toMatchObject({ status: 409, code: 'invalid_state' });
    const unknown = await control.disputeChariPayPayment('pay_unknown').catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('documented error replies', () => {
  test('401 for failed authentication: a missing key and a wrong key are told apart in the message', async () => {
    sandbox = await startSandbox('chari-pay');
    const missing = await fetch(`${sandbox.url}/v1/payments`);
    const wrong = await fetch(`${sandbox.url}/v1/payments`, { headers: { authorization: 'Bearer sk_wrong' } });
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    const [a, b] = [(await missing.json()).error, (await wrong.json()).error];
    expect(a).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    expect(b).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    expect(a.message).toMatch(/^No API key provided/);
    expect(b.message).toMatch(/^Invalid API key provided/);
  });

  test('429 and 500 in the documented format; a sandbox fault says it is not the caller’s fault', () => {
    const { rateLimited, sandboxFault } = chariPayErrorReplies;
    expect(rateLimited?.(undefined as never, 42)).toEqual({
      status: 429,
      body: {
        error: {
          type: 'rate_limit_error',
          code: 'rate_limit_exceeded',
          message: 'Too many requests, retry later: the limit resets in 42 s (X-RateLimit-Reset).',
        },
      },
    });
    const fault = sandboxFault?.(undefined, 'state lost');
    expect(fault).toMatchObject({ status: 500, body: { error: { type: 'api_error', code: 'internal_error' } } });
    expect(JSON.stringify(fault?.body)).toMatch(/sandbox bug.*report it/);
  });
});

describe('what the spec states and marks', () => {
  const operations = listOperations(spec);

  test('every operation: 100 requests a minute per key (lower bound of "100 to 1,000"), marked, with a 429', () => {
    expect(operations.length).toBe(6);
    for (const op of operations) {
      expect(op.raw['x-rate-limit'], op.operationId).toEqual([
        expect.objectContaining({ requests: 100, windowSeconds: 60, scope: 'credential', 'x-inferred': true }),
      ]);
      expect(Object.keys(op.raw.responses as object), op.operationId).toContain('429');
    }
  });

  test('X-RateLimit-Remaining and X-RateLimit-Reset carry their x-rate-limit-header role', () => {
    const headers = (spec.components as { headers: Record<string, Record<string, unknown>> }).headers;
    const roles = Object.values(headers).map((h) => h['x-rate-limit-header']);
    expect(roles.sort()).toEqual(['remaining', 'reset']);
  });

  test('API-Version, from a general remark of the guide, and the webhook HMAC key are marked as inferred', () => {
    const apiVersion = (spec.components as { parameters: Record<string, Record<string, unknown>> }).parameters
      .ApiVersion;
    expect(apiVersion).toMatchObject({ name: 'API-Version', required: false, 'x-inferred': true });
    expect(spec['x-webhook-signature']).toMatchObject({ header: 'X-Webhook-Signature', 'x-inferred': true });
  });
});
