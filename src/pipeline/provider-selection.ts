import { existsSync } from 'node:fs';
import { AUXILIARY_SPECS, assertProviderSlug, PROVIDER_SLUGS, type SpecSlug } from '../core/providers.js';
import { projectRoot, specRootFile } from './project-root.js';

/** The providers whose spec exists, or the one asked for (with a clear error when it is unknown or missing). */
export function selectProviders(requested?: string, root = projectRoot()): SpecSlug[] {
  if (requested) {
    if (!(AUXILIARY_SPECS as readonly string[]).includes(requested)) assertProviderSlug(requested);
    if (!existsSync(specRootFile(requested, root))) {
      throw new Error(`No spec for ${requested}: expected specs/${requested}/openapi.yaml.`);
    }
    return [requested as SpecSlug];
  }
  return [...PROVIDER_SLUGS, ...AUXILIARY_SPECS].filter((slug) => existsSync(specRootFile(slug, root)));
}
