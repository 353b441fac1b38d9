import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { startPrismProxy } from '../../src/devtools/prism.js';
import { liveConfig } from './behaviour-target.js';
import { startProviderServers } from './provider-servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    liveProxyUrls: Record<string, string>;
  }
}

/**
 * The live target: one `prism proxy --errors` per configured provider, shared by all of that provider's scenario
 * files, started in parallel and stopped by PID at the end. Providers without credentials get none (their scenarios
 * skip with the variables to set).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '..', '..');
  const { urls, stop } = await startProviderServers(PROVIDER_SLUGS, async (slug) => {
    const live = liveConfig(slug);
    if ('missing' in live) return undefined;
    return startPrismProxy(join(root, 'generated', slug, 'openapi.json'), live.baseUrl, { timeoutMs: 60_000 });
  });
  project.provide('liveProxyUrls', urls);
  return stop;
}
