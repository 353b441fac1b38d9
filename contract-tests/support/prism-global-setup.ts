import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { startPrismMock } from '../../src/devtools/prism.js';
import { startProviderServers } from './provider-servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrls: Record<string, string>;
  }
}

/**
 * Which Prism mocks a run needs: none when it targets the sandbox or live (`PAYCONTRACTS_TARGET`), only the listed
 * ones when `PAYCONTRACTS_PROVIDERS` names some (the contract command sets both), else one per provider.
 */
function prismProviders(): string[] {
  const target = process.env.PAYCONTRACTS_TARGET;
  if (target && target !== 'prism') return [];
  const only = process.env.PAYCONTRACTS_PROVIDERS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return only && only.length > 0 ? PROVIDER_SLUGS.filter((s) => only.includes(s)) : [...PROVIDER_SLUGS];
}

/** One Prism mock per provider the run needs, started in parallel once for the whole run and stopped by PID at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '..', '..');
  const { urls, stop } = await startProviderServers(prismProviders(), (slug) =>
    startPrismMock(join(root, 'generated', slug, 'openapi.json'), { timeoutMs: 60_000 }),
  );
  project.provide('prismUrls', urls);
  return stop;
}
