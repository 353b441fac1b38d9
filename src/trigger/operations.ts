import { listWebhooks, type OpenApiDocument } from '../core/openapi-document.js';
import { type IndexedOperation, OperationIndex } from '../core/operation-index.js';
import type { ProviderSlug } from '../core/providers.js';

/** Each bundled spec is loaded only when a flow of its provider runs. */
const SPECS: Record<ProviderSlug | 'sandbox-control', () => Promise<OpenApiDocument>> = {
  alyapay: async () => (await import('../../generated/alyapay/spec.js')).default,
  novasend: async () => (await import('../../generated/novasend/spec.js')).default,
  'haloubi-gateway': async () => (await import('../../generated/haloubi-gateway/spec.js')).default,
  'chari-pay': async () => (await import('../../generated/chari-pay/spec.js')).default,
  'chari-money': async () => (await import('../../generated/chari-money/spec.js')).default,
  'sandbox-control': async () => (await import('../../generated/sandbox-control/spec.js')).default,
};

/** An operation a flow step may call: the provider's API, or the sandbox control API (what a customer, a network or time does). */
export interface FlowOperation {
  api: 'provider' | 'control';
  operation: IndexedOperation;
}

/** What a flow of one provider can call, and the events it can produce, read from the specs. */
export interface FlowCatalog {
  slug: ProviderSlug;
  provider: OpenApiDocument;
  /** the documented webhook events (the spec's `webhooks` map), in document order */
  events: string[];
  find(operationId: string): FlowOperation | undefined;
  /** the provider's security requirements, sent on control calls too (a sandbox off loopback wants them) */
  security: Record<string, string[]>[];
}

export async function loadCatalog(slug: ProviderSlug): Promise<FlowCatalog> {
  const provider = await SPECS[slug]();
  const control = new OperationIndex(await SPECS['sandbox-control']());
  const api = new OperationIndex(provider);
  return {
    slug,
    provider,
    events: [...new Set(listWebhooks(provider).map((w) => w.event))],
    find(operationId) {
      const own = api.byOperationId(operationId);
      if (own) return { api: 'provider', operation: own };
      const sandbox = control.byOperationId(operationId);
      return sandbox ? { api: 'control', operation: sandbox } : undefined;
    },
    security: (provider.security ?? []) as Record<string, string[]>[],
  };
}

/** A documented example of a JSON request body, or `undefined`. */
export function exampleBody(operation: IndexedOperation): unknown {
  return operation.requestBody?.example ?? operation.requestBody?.examples[0]?.value;
}

export function isJsonBody(operation: IndexedOperation): boolean {
  return !operation.requestBody || /^application\/(.+\+)?json/.test(operation.requestBody.contentType);
}
