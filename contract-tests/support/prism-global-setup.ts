import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPrismMock } from '../../src/core/prism.js';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import type { RunningServer } from '../../src/core/server-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrls: Record<string, string>;
  }
}

/** One Prism mock per provider, started in parallel once for the whole run and stopped by PID at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '..', '..');
  const servers: RunningServer[] = [];
  const urls: Record<string, string> = {};
  try {
    await Promise.all(
      PROVIDER_SLUGS.map(async (slug) => {
        const server = await startPrismMock(join(root, 'generated', slug, 'openapi.json'), { timeoutMs: 60_000 });
        servers.push(server);
        urls[slug] = server.url;
      }),
    );
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  project.provide('prismUrls', urls);
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}
