import { OperationIndex } from '../core/operation-index.js';
import { assertProviderSlug, type ProviderSlug } from '../core/providers.js';
import { type LimitPolicy, operationLimits } from '../core/sandbox/rate-limit.js';
import { sandboxDefaultsOf } from '../core/sandbox/sandbox-defaults.js';
import { type RunningSandbox, startSandboxServer } from '../core/sandbox/server.js';
import type { ExpectedCredential, SandboxDefinition, SandboxOptions } from '../core/sandbox/types.js';

export type { ExpectedCredential, RunningSandbox, SandboxOptions };

/**
 * Each provider's sandbox is loaded only when started, so one sandbox does not load five specs. Each has its own
 * state type; the framework treats them alike.
 */
// biome-ignore lint/suspicious/noExplicitAny: the five state types differ, and nothing here reads a state.
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
  /** the documented request limits (`x-rate-limit`) the sandbox enforces by default, by operation */
  rateLimits: (LimitPolicy & { operationId: string })[];
}

export async function sandboxDefaults(slug: ProviderSlug): Promise<SandboxDefaults> {
  assertProviderSlug(slug);
  const definition = await DEFINITIONS[slug]();
  const rateLimits = new OperationIndex(definition.spec).operations.flatMap((op) =>
    operationLimits(definition.spec, op).policies.map((policy) => ({ operationId: op.operationId, ...policy })),
  );
  return {
    ...sandboxDefaultsOf(slug),
    rateLimits,
  };
}
export { SandboxControl } from './control-client.js';
