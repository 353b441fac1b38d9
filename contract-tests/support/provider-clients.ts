import alyapaySpec from '../../generated/alyapay/spec.js';
import chariMoneySpec from '../../generated/chari-money/spec.js';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiGatewaySpec from '../../generated/haloubi-gateway/spec.js';
import novasendSpec from '../../generated/novasend/spec.js';
import type { CommonClientOptions, PaymentClient } from '../../src/core/client.js';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import type { ProviderSlug } from '../../src/core/providers.js';
import { createAlyaPayClient } from '../../src/providers/alyapay/index.js';
import { createChariMoneyClient } from '../../src/providers/chari-money/index.js';
import { createChariPayClient } from '../../src/providers/chari-pay/index.js';
import { createHaloubiGatewayClient } from '../../src/providers/haloubi-gateway/index.js';
import { createNovasendClient } from '../../src/providers/novasend/index.js';
import { recordingFetch } from './coverage-recorder.js';

const SPECS: Record<ProviderSlug, OpenApiDocument> = {
  alyapay: alyapaySpec,
  novasend: novasendSpec,
  'haloubi-gateway': haloubiGatewaySpec,
  'chari-pay': chariPaySpec,
  'chari-money': chariMoneySpec,
};

/** A client whose paths are chosen at run time by the generated scenarios. */
export type AnyClient = PaymentClient<Record<string, never>, boolean> & Record<string, (path: string, init?: Record<string, unknown>) => Promise<any>>;

/** The credentials a target supplies, by the option names of each factory. */
export type TargetCredentials = Record<string, string>;

/** Builds the typed client of a provider from a target's base URL and credentials. */
export function clientFor(slug: ProviderSlug, baseUrl: string, credentials: TargetCredentials, options: CommonClientOptions = {}): AnyClient {
  // Calls are recorded for the coverage report when `paycontracts contract` asks for it.
  const common = { baseUrl, ...options, fetch: recordingFetch(slug, SPECS[slug], options.fetch) };
  const factories: Record<ProviderSlug, () => unknown> = {
    alyapay: () => createAlyaPayClient({ ...common, apiKey: credentials.apiKey!, sessionToken: credentials.sessionToken }),
    novasend: () => createNovasendClient({ ...common, apiKey: credentials.apiKey!, apiClient: credentials.apiClient! }),
    'haloubi-gateway': () => createHaloubiGatewayClient({ ...common, apiKey: credentials.apiKey!, clientSecret: credentials.clientSecret }),
    'chari-pay': () => createChariPayClient({ ...common, secretKey: credentials.secretKey! }),
    'chari-money': () => createChariMoneyClient({ ...common, apiKey: credentials.apiKey! }),
  };
  return factories[slug]() as AnyClient;
}
