import { describe, expect, test } from 'vitest';
import { credentialArgument } from '../../src/cli/arguments.js';
import { describeCredentials } from '../../src/cli/sandbox.js';
import { maskSecret, maskUrlCredentials } from '../../src/cli/secrets.js';

describe('secrets the CLI prints are masked', () => {
  test.each([
    ['a live secret key shows its kind and length', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_l…(32 chars)'],
    ['a short secret shows its length only', 'test_key', '…(8 chars)'],
    ['eleven characters is still short', 'abcdefghijk', '…(11 chars)'],
    ['twelve characters shows four', 'abcdefghijkl', 'abcd…(12 chars)'],
    ['an empty secret', '', '…(0 chars)'],
    ['characters, not UTF-16 units', 'clé_secrète_🔑_longue', 'clé_…(20 chars)'],
  ])('%s', (_name, secret, want) => {
    expect(maskSecret(secret)).toBe(want);
  });

  test.each([
    [
      'an API key',
      { ChariApiKey: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' },
      'ChariApiKey=sk_l…(32 chars)',
      ['sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    ],
    [
      "Novasend's Basic user:password, both halves",
      { BasicAuth: { username: 'nv_live_user_0123456789', password: 'nv_live_client_secret_xyz' } },
      'BasicAuth=nv_l…(23 chars):nv_l…(25 chars)',
      ['nv_live_user_0123456789', 'nv_live_client_secret_xyz', 'user_0123', 'secret_xyz'],
    ],
    [
      'several schemes',
      { ApiKeyAuth: 'test_key', SessionTokenAuth: 'session_token_value_1' },
      'ApiKeyAuth=…(8 chars), SessionTokenAuth=sess…(21 chars)',
      ['test_key', 'token_value_1'],
    ],
  ])('%s', (_name, credentials, want, hidden) => {
    const text = describeCredentials(credentials);
    expect(text).toBe(want);
    for (const secret of hidden) expect(text).not.toContain(secret);
  });

  test.each([
    ['https://hooks:whsec_live_abcdef123@example.test/in', 'https://hooks:whse…(20 chars)@example.test/in'],
    ['http://127.0.0.1:3000/webhooks', 'http://127.0.0.1:3000/webhooks'],
    ['http://user@127.0.0.1/webhooks', 'http://user@127.0.0.1/webhooks'],
  ])('webhook URL %s is printed as %s', (url, want) => {
    expect(maskUrlCredentials(url)).toBe(want);
  });

  test('a --credential without "=" may be the secret itself: the error does not echo it', () => {
    expect(() => credentialArgument('sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toThrow(
      '"sk_l…(32 chars)" is not Scheme=value',
    );
    expect(() => credentialArgument('=sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toThrow(/^"=sk_…\(33 chars\)"/);
  });
});
