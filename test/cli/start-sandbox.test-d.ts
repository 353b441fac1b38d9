/**
 * Type-level tests, checked by `tsc --noEmit -p .` (test/pipeline/typescript.test.ts runs it): each
 * `@ts-expect-error` must meet an error, or tsc fails on the unused directive. Nothing here runs.
 */
import { sandboxDefaults, startSandbox } from '../../src/sandbox/index.js';

export async function typedSlugs(): Promise<void> {
  await startSandbox('haloubi-gateway');
  await sandboxDefaults('novasend');
  // @ts-expect-error the slug is haloubi-gateway, not the provider's short name
  await startSandbox('haloubi');
  // @ts-expect-error chari-money is a slug, chari is not
  await sandboxDefaults('chari');
  const fromUser: string = process.argv[2] ?? 'alyapay';
  // @ts-expect-error an unchecked string must be narrowed first (isProviderSlug)
  await startSandbox(fromUser);
}
