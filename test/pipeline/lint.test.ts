import { describe, expect, test } from 'vitest';
import { AUXILIARY_SPECS, PROVIDER_SLUGS } from '../../src/core/providers.js';
import { lintSpec } from '../../src/pipeline/redocly.js';

describe('redocly lint with the house rules', () => {
  test.each([...PROVIDER_SLUGS, ...AUXILIARY_SPECS])('%s has 0 errors and 0 warnings', async (slug) => {
    const findings = await lintSpec(slug);
    expect(findings.map((f) => `${f.where} ${f.rule}: ${f.message}`)).toEqual([]);
  });
});
