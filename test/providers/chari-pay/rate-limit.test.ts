import { afterEach, expect, test } from 'vitest';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { type RunningSandbox, sandboxDefaults, startSandbox } from '../../../src/sandbox/index.js';

// Chari Pay: "Typical limits range from 100 to 1,000 requests per minute … Response headers (X-RateLimit-Remaining,
// X-RateLimit-Reset) allow you to manage client-side throttling … handle 429 (Too Many Requests) responses."

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const listPayments = (url: string, key = 'test_key') =>
  fetch(`${url}/v1/payments`, { headers: { authorization: `Bearer ${key}` } });

test('the sandbox allows the top of the documented range by default and says so', async () => {
  expect((await sandboxDefaults('chari-pay')).rateLimit).toEqual({ limit: 1000, windowSeconds: 60 });
  expect((await sandboxDefaults('alyapay')).rateLimit).toBeUndefined();
  sandbox = await startSandbox('chari-pay');
  const response = await listPayments(sandbox.url);
  expect(response.status).toBe(200);
  expect(response.headers.get('x-ratelimit-remaining')).toBe('999');
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  expect(reset - Date.now() / 1000).toBeGreaterThan(55);
  expect(reset - Date.now() / 1000).toBeLessThanOrEqual(61);
});

test('over the limit: the documented 429 with the headers, per key, until the window resets on the sandbox clock', async () => {
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
  expect(await refused.json()).toEqual({
    error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Too many requests, retry later.' },
  });
  expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
  const reset = refused.headers.get('x-ratelimit-reset');
  expect(reset).toMatch(/^\d+$/);

  // Every operation counts against the same window, writes included.
  const create = await fetch(`${sandbox.url}/v1/payments`, {
    method: 'POST',
    headers: { authorization: 'Bearer test_key', 'content-type': 'application/json' },
    body: '{}',
  });
  expect(create.status).toBe(429);

  // Another key has its own window (it is refused by auth, not by the limit).
  expect((await listPayments(sandbox.url, 'sk_other')).status).toBe(401);

  await new SandboxControl(sandbox.url).advanceClock(60);
  const after = await listPayments(sandbox.url);
  expect(after.status).toBe(200);
  expect(after.headers.get('x-ratelimit-remaining')).toBe('2');
  expect(Number(after.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Number(reset) + 60);
  expect(sandbox.responseViolations).toEqual([]);
});

test('a provider that documents no limit refuses the option, and a limit must be a positive whole number', async () => {
  await expect(startSandbox('alyapay', { rateLimit: 10 })).rejects.toThrow(/alyapay documents no rate limit/);
  await expect(startSandbox('chari-pay', { rateLimit: 0 })).rejects.toThrow(/at least 1, not 0/);
  await expect(startSandbox('chari-pay', { rateLimit: 2.5 })).rejects.toThrow(/whole number/);
});
