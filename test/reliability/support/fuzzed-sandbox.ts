import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ProviderSlug } from '../../../src/core/providers.js';
import { type FuzzTarget, startFuzzTarget } from './fuzz-target.js';

/**
 * One describe block per provider around a seeded sandbox, started before its tests and stopped after them; the
 * sandbox must end with no request it failed to process and no reply outside its spec.
 */
export function describeFuzzedSandbox(
  suite: string,
  slug: ProviderSlug,
  tests: (target: () => FuzzTarget) => void,
): void {
  describe(`${suite} > ${slug}`, () => {
    let target: FuzzTarget | undefined;
    beforeAll(async () => {
      target = await startFuzzTarget(slug);
    });
    afterAll(async () => {
      await target?.close();
      expect(target?.sandbox.internalErrors, 'requests the sandbox failed to process').toEqual([]);
      expect(target?.sandbox.responseViolations, 'replies outside the spec').toEqual([]);
    });
    tests(() => {
      if (!target) throw new Error(`The ${slug} sandbox did not start.`);
      return target;
    });
  });
}
