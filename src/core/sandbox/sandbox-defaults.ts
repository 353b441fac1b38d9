import controlSpec from '../../../generated/sandbox-control/spec.js';
import type { ExpectedCredential } from './types.js';

/** What a provider's sandbox accepts when started without overrides (`x-sandbox-defaults` of the control spec). */
export interface SandboxDefaultValues {
  /** credentials by security scheme name */
  credentials: Record<string, ExpectedCredential>;
  webhookSecret?: string;
}

/** The sandbox defaults the control spec states for `slug`; a slug it lacks is a build mistake. */
export function sandboxDefaultsOf(slug: string): SandboxDefaultValues {
  const all = (controlSpec as Record<string, unknown>)['x-sandbox-defaults'] as Record<string, SandboxDefaultValues>;
  const defaults = all?.[slug];
  if (!defaults) throw new TypeError(`The sandbox-control spec has no x-sandbox-defaults for ${slug}; run the build.`);
  return defaults;
}
