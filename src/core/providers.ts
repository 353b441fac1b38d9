/** The provider slugs, used in every layer: specs/<slug>, generated/<slug>, src/providers/<slug>, contract-tests/<slug>. */
export const PROVIDER_SLUGS = ['chari-money', 'chari-pay', 'haloubi-gateway', 'alyapay', 'novasend'] as const;

export type ProviderSlug = (typeof PROVIDER_SLUGS)[number];

export function isProviderSlug(value: string): value is ProviderSlug {
  return (PROVIDER_SLUGS as readonly string[]).includes(value);
}

/** Throws one sentence that says what is wrong and what to do. */
export function assertProviderSlug(value: string): asserts value is ProviderSlug {
  if (!isProviderSlug(value)) {
    throw new Error(`Unknown provider "${value}". Use one of: ${PROVIDER_SLUGS.join(', ')}.`);
  }
}

/** Specs that are not a provider's API but go through the same pipeline. */
export const AUXILIARY_SPECS = ['sandbox-control'] as const;
export type SpecSlug = ProviderSlug | (typeof AUXILIARY_SPECS)[number];
