import { expect, inject } from 'vitest';
import type { ProviderSlug } from '../../src/core/providers.js';
import type { SchemaTarget } from './schema-contract.js';

/** Placeholder credentials: Prism checks that the security header is present, not its value. */
const PRISM_CREDENTIALS: Record<ProviderSlug, Record<string, string>> = {
  alyapay: { apiKey: 'test_key', sessionToken: 'test_session_token' },
  novasend: { apiKey: 'test_key', apiClient: 'test_client' },
  'haloubi-gateway': { apiKey: 'test_key', clientSecret: 'pi_test_secret_test' },
  'chari-pay': { secretKey: 'test_key' },
  'chari-money': { apiKey: 'test_key' },
};

export function prismTarget(slug: ProviderSlug): SchemaTarget {
  return {
    name: 'prism',
    baseUrl: () => inject('prismUrls')[slug]!,
    credentials: PRISM_CREDENTIALS[slug],
    expectValidationRejection: (response) =>
      expect(response.headers.get('sl-violations'), 'Prism names the violated rule').toBeTruthy(),
  };
}
