import { assertProviderSlug, type ProviderSlug } from '../core/providers.js';
import { type RunningSandbox, startSandboxServer } from '../core/sandbox/server.js';
import type { ExpectedCredential, SandboxDefinition, SandboxOptions } from '../core/sandbox/types.js';

export type { ExpectedCredential, RunningSandbox, SandboxOptions };

/** Each provider's sandbox is loaded only when started, so one sandbox does not load five specs. */
const DEFINITIONS: Record<ProviderSlug, () => Promise<SandboxDefinition<any>>> = {
  alyapay: async () => (await import('../providers/alyapay/sandbox/index.js')).alyapaySandbox,
  novasend: async () => (await import('../providers/novasend/sandbox/index.js')).novasendSandbox,
  'haloubi-gateway': async () => (await import('../providers/haloubi-gateway/sandbox/index.js')).haloubiGatewaySandbox,
  'chari-pay': async () => (await import('../providers/chari-pay/sandbox/index.js')).chariPaySandbox,
  'chari-money': async () => (await import('../providers/chari-money/sandbox/index.js')).chariMoneySandbox,
};

/**
 * Starts a provider's stateful sandbox on loopback (a free port unless `port` is given). `slug` is typed, so a
 * misspelt provider does not compile; a JavaScript caller's is still checked when called.
 */
export async function startSandbox(slug: ProviderSlug, options: SandboxOptions = {}): Promise<RunningSandbox> {
  assertProviderSlug(slug);
  return startSandboxServer(await DEFINITIONS[slug](), options);
}

/** What a sandbox accepts when started without overrides: credentials by security scheme name, and its webhook secret. */
export interface SandboxDefaults {
  credentials: Record<string, ExpectedCredential>;
  webhookSecret?: string;
  /** the documented request limit the sandbox enforces by default, for providers that document one */
  rateLimit?: { limit: number; windowSeconds: number };
}

export async function sandboxDefaults(slug: ProviderSlug): Promise<SandboxDefaults> {
  assertProviderSlug(slug);
  const definition = await DEFINITIONS[slug]();
  const limit = definition.rateLimit;
  return {
    credentials: { ...definition.defaultCredentials },
    webhookSecret: definition.defaultWebhookSecret,
    ...(limit ? { rateLimit: { limit: limit.defaultLimit, windowSeconds: limit.windowSeconds } } : {}),
  };
}
export { SandboxControl } from './control-client.js';
