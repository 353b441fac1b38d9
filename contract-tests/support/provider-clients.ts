import alyapaySpec from '../../generated/alyapay/spec.js';
import chariMoneySpec from '../../generated/chari-money/spec.js';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiGatewaySpec from '../../generated/haloubi-gateway/spec.js';
import novasendSpec from '../../generated/novasend/spec.js';
import type { CommonClientOptions, PaymentClient } from '../../src/core/client.js';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import type { ProviderSlug } from '../../src/core/providers.js';
import { type AlyaPayClient, createAlyaPayClient } from '../../src/providers/alyapay/index.js';
import { type ChariMoneyClient, createChariMoneyClient } from '../../src/providers/chari-money/index.js';
import { type ChariPayClient, createChariPayClient } from '../../src/providers/chari-pay/index.js';
import { createHaloubiGatewayClient, type HaloubiGatewayClient } from '../../src/providers/haloubi-gateway/index.js';
import { createNovasendClient, type NovasendClient } from '../../src/providers/novasend/index.js';

/** The typed client of each provider, so scenarios get full path, body and response types. */
export interface ProviderClients {
  alyapay: AlyaPayClient;
  novasend: NovasendClient;
  'haloubi-gateway': HaloubiGatewayClient;
  'chari-pay': ChariPayClient;
  'chari-money': ChariMoneyClient;
}

import { recordingFetch } from './coverage-recorder.js';

const SPECS: Record<ProviderSlug, OpenApiDocument> = {
  alyapay: alyapaySpec,
  novasend: novasendSpec,
  'haloubi-gateway': haloubiGatewaySpec,
  'chari-pay': chariPaySpec,
  'chari-money': chariMoneySpec,
};

/** A client whose paths are chosen at run time by the generated scenarios. */
export type AnyClient = PaymentClient<Record<string, never>, boolean> &
  Record<
    string,
    (path: string, init?: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>
  >;

/** The credentials a target supplies, by the option names of each factory. */
export type TargetCredentials = Record<string, string>;

/** Builds the typed client of a provider from a target's base URL and credentials. */
export function clientFor<S extends ProviderSlug>(
  slug: S,
  baseUrl: string,
  credentials: TargetCredentials,
  options: CommonClientOptions = {},
): ProviderClients[S] {
  // Calls are recorded for the coverage report when `paycontracts contract` asks for it.
  const common = { baseUrl, ...options, fetch: recordingFetch(slug, SPECS[slug], options.fetch) };
  const factories: Record<ProviderSlug, () => unknown> = {
    alyapay: () =>
      createAlyaPayClient({ ...common, apiKey: credentials.apiKey!, sessionToken: credentials.sessionToken }),
    novasend: () => createNovasendClient({ ...common, apiKey: credentials.apiKey!, apiClient: credentials.apiClient! }),
    'haloubi-gateway': () =>
      createHaloubiGatewayClient({ ...common, apiKey: credentials.apiKey!, clientSecret: credentials.clientSecret }),
    'chari-pay': () => createChariPayClient({ ...common, secretKey: credentials.secretKey! }),
    'chari-money': () => createChariMoneyClient({ ...common, apiKey: credentials.apiKey! }),
  };
  return factories[slug]() as ProviderClients[S];
}
