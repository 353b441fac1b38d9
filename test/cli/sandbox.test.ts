import { describe, expect, test } from 'vitest';
import { resolveCredentials } from '../../src/cli/sandbox.js';
import { expectUsageError, runCli, startCli } from './cli-process.js';

const order = { total: '10.00', currency: 'MAD', items: [{ id: 'A', name: 'a', price: 10, quantity: 1 }] };
const createSession = (url: string, apiKey: string) =>
  fetch(`${url}/api/v1/public/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-API-Key': apiKey },
    body: JSON.stringify(order),
  });

describe('paycontracts sandbox', () => {
  test('prints exactly "listening on URL", serves the API with the given key and the readiness check, and stops on SIGTERM with 0', async () => {
    const cli = await startCli(['sandbox', 'alyapay', '--port', '0', '--api-key', 'sk_cli_test']);
    try {
      expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cli.stdout()).toBe(`listening on ${cli.url}\n`);
      expect((await createSession(cli.url, 'sk_cli_test')).status).toBe(200);
      expect((await createSession(cli.url, 'test_key')).status, 'the default key is replaced').toBe(401);
      expect((await fetch(`${cli.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(200);
      const health = await fetch(`${cli.url}/__sandbox/health`);
      expect(health.status, 'the readiness check').toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', provider: 'alyapay', now: expect.any(String) });
    } finally {
      expect(await cli.stop('SIGTERM')).toBe(0);
    }
    await expect(fetch(cli.url)).rejects.toThrow();
  }, 60_000);

  test.each([
    ['chari-money', ['--api-key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'], ['ChariApiKey=sk_l…(32 chars)']],
    [
      'novasend',
      ['--api-key', 'nv_live_user_0123456789', '--api-client', 'nv_live_client_secret_xyz'],
      [':nv_l…(25 chars)', 'nv_l…(23 chars):'],
    ],
  ])(
    '%s prints the credentials it accepts masked, never as given',
    async (slug, flags, masked) => {
      const cli = await startCli(['sandbox', slug, ...flags]);
      try {
        await expect.poll(() => cli.stderr()).toMatch(/sandbox: accepts /);
        for (const shown of masked) expect(cli.stderr()).toContain(shown);
        for (const secret of flags.filter((f) => !f.startsWith('--')))
          expect(cli.stdout() + cli.stderr()).not.toContain(secret);
      } finally {
        expect(await cli.stop('SIGTERM')).toBe(0);
      }
    },
    60_000,
  );

  test('stops on SIGINT (Ctrl-C) with 0', async () => {
    const cli = await startCli(['sandbox', 'alyapay']);
    expect((await createSession(cli.url, 'test_key')).status, 'default credentials').toBe(200);
    expect(await cli.stop('SIGINT')).toBe(0);
  }, 60_000);

  test.each([
    ['an unknown provider', ['sandbox', 'stripe'], /Unknown provider "stripe"; use one of/],
    ['a port that is not a number', ['sandbox', 'alyapay', '--port', 'http'], /"http" is not a port/],
    ['a webhook URL that is not a URL', ['sandbox', 'alyapay', '--webhook-url', 'hooks'], /"hooks" is not a URL/],
    [
      'a credential for a scheme the spec lacks',
      ['sandbox', 'alyapay', '--credential', 'Bearer=x'],
      /alyapay has no security scheme "Bearer"; use one of: ApiKeyAuth, SessionTokenAuth/,
    ],
    ['a credential without a value', ['sandbox', 'alyapay', '--credential', 'ApiKeyAuth'], /is not Scheme=value/],
    [
      '--api-client for a provider without Basic auth',
      ['sandbox', 'alyapay', '--api-client', 'x'],
      /--api-client is the password of HTTP Basic auth/,
    ],
    [
      'a rate limit that is not a positive count',
      ['sandbox', 'chari-pay', '--rate-limit', '0'],
      /"0" is not a count; pass a whole number of at least 1/,
    ],
    [
      'a rate limit for a provider that documents none',
      ['sandbox', 'novasend', '--rate-limit', '5'],
      /novasend documents no rate limit, so --rate-limit does not apply/,
    ],
  ])(
    '%s is a usage error',
    async (_name, args, message) => {
      expectUsageError(await runCli(args), message);
    },
    30_000,
  );
});

describe('sandbox credential flags', () => {
  const basic = { BasicAuth: { type: 'http', scheme: 'basic' } };
  test.each([
    [
      '--api-key replaces the one fixed key',
      { ApiKeyAuth: { type: 'apiKey' } },
      { ApiKeyAuth: 'test_key' },
      { apiKey: 'k' },
      { ApiKeyAuth: 'k' },
    ],
    [
      'Basic: --api-key is the user name, --api-client the password',
      basic,
      { BasicAuth: { username: 'u', password: 'p' } },
      { apiKey: 'k', apiClient: 'c' },
      { BasicAuth: { username: 'k', password: 'c' } },
    ],
    [
      'Basic: one half keeps the other default',
      basic,
      { BasicAuth: { username: 'u', password: 'p' } },
      { apiClient: 'c' },
      { BasicAuth: { username: 'u', password: 'c' } },
    ],
    [
      '--credential for Basic is user:password',
      basic,
      { BasicAuth: { username: 'u', password: 'p' } },
      { credential: { BasicAuth: 'a:b:c' } },
      { BasicAuth: { username: 'a', password: 'b:c' } },
    ],
  ])('%s', (_name, schemes, defaults, options, want) => {
    expect(resolveCredentials('x', schemes, defaults, { host: '127.0.0.1', ...options })).toEqual(want);
  });

  test('--api-key is refused where two schemes have fixed credentials', () => {
    expect(() => resolveCredentials('x', {}, { A: 'a', B: 'b' }, { host: '127.0.0.1', apiKey: 'k' })).toThrow(
      /use --credential Scheme=value/,
    );
  });
});
