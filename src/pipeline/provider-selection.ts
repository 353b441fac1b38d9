import { existsSync } from 'node:fs';
import { PROVIDER_SLUGS, assertProviderSlug, type ProviderSlug } from '../core/providers.js';
import { projectRoot, specRootFile } from './project-root.js';

/** The providers whose spec exists, or the one asked for (with a clear error when it is unknown or missing). */
export function selectProviders(requested?: string, root = projectRoot()): ProviderSlug[] {
  if (requested) {
    assertProviderSlug(requested);
    if (!existsSync(specRootFile(requested, root))) {
      throw new Error(`No spec for ${requested}: expected specs/${requested}/openapi.yaml.`);
    }
    return [requested];
  }
  return PROVIDER_SLUGS.filter((slug) => existsSync(specRootFile(slug, root)));
}
