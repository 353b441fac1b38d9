import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPrismProxy } from '../../src/core/prism.js';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import type { RunningServer } from '../../src/core/server-process.js';
import { liveConfig } from './behaviour-target.js';

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
  const servers: RunningServer[] = [];
  const urls: Record<string, string> = {};
  try {
    await Promise.all(
      PROVIDER_SLUGS.map(async (slug) => {
        const live = liveConfig(slug);
        if ('missing' in live) return;
        const proxy = await startPrismProxy(join(root, 'generated', slug, 'openapi.json'), live.baseUrl, { timeoutMs: 60_000 });
        servers.push(proxy);
        urls[slug] = proxy.url;
      }),
    );
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  project.provide('liveProxyUrls', urls);
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}
