import { expect, test } from 'vitest';
import { typescriptProject } from '../support/typescript-program.js';

test('the generated types, the clients and the type-level tests compile (tsc --noEmit)', async () => {
  // The program is shared with test/package/consumer (which needs dist/ from it): one check per run.
  expect((await typescriptProject()).check).toBe('');
}, 240_000);
