import { afterEach, expect, test } from 'vitest';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { type RunningSandbox, sandboxDefaults, startSandbox } from '../../../src/sandbox/index.js';

// Chari Pay: "Typical limits range from 100 to 1,000 requests per minute depending on the endpoint. Response headers
// (X-RateLimit-Remaining, X-RateLimit-Reset) allow you to manage client-side throttling … handle 429 (Too Many
// Requests) responses." The spec takes the lower bound, 100 a minute per secret key, on every operation.

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const listPayments = (url: string, key = 'test_key') =>
  fetch(`${url}/v1/payments`, { headers: { authorization: `Bearer ${key}` } });

test('every operation allows 100 requests a minute per key, reported in X-RateLimit-Remaining and -Reset', async () => {
  const { rateLimits } = await sandboxDefaults('chari-pay');
  expect(rateLimits.map((l) => l.operationId).sort()).toEqual([
    'attachPaymentMethod',
    'capturePayment',
    'createPayment',
    'getPayment',
    'listPayments',
    'refundPayment',
  ]);
  for (const limit of rateLimits)
    expect(limit).toMatchObject({ requests: 100, windowSeconds: 60, scope: 'credential' });

  sandbox = await startSandbox('chari-pay');
  const response = await listPayments(sandbox.url);
  expect(response.status).toBe(200);
  expect(response.headers.get('x-ratelimit-remaining')).toBe('99');
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  expect(reset - Date.now() / 1000).toBeGreaterThan(55);
  expect(reset - Date.now() / 1000).toBeLessThanOrEqual(61);
});

test('over the limit: the documented 429 with both headers, until the window resets on the sandbox clock', async () => {
  sandbox = await startSandbox('chari-pay', { rateLimit: 3 });
  const remaining: (string | null)[] = [];
  for (let i = 0; i < 3; i++) {
    const response = await listPayments(sandbox.url);
    expect(response.status).toBe(200);
    remaining.push(response.headers.get('x-ratelimit-remaining'));
  }
  expect(remaining).toEqual(['2', '1', '0']);

  const refused = await listPayments(sandbox.url);
  expect(refused.status).toBe(429);
  const { error } = await refused.json();
  expect(error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
  expect(error.message).toMatch(/^Too many requests, retry later: the limit resets in \d+ s/);
  expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
  const reset = refused.headers.get('x-ratelimit-reset');
  expect(reset).toMatch(/^\d+$/);

  // A wrong key is refused by authentication, not counted against the merchant's window.
  expect((await listPayments(sandbox.url, 'sk_other')).status).toBe(401);

  await new SandboxControl(sandbox.url).advanceClock(60);
  const after = await listPayments(sandbox.url);
  expect(after.status).toBe(200);
  expect(after.headers.get('x-ratelimit-remaining')).toBe('2');
  expect(Number(after.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Number(reset) + 60);
  expect(sandbox.responseViolations).toEqual([]);
});
