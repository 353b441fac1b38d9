import { describe, expect, test } from 'vitest';
import { SpecFacts } from '../../src/core/spec-facts.js';

const spec = {
  openapi: '3.1.0',
  components: {
    schemas: {
      Payment: { properties: { expires_at: { type: 'string', 'x-expires-after-seconds': 604800 } } },
      CaptureMethod: { type: 'string', default: 'automatic' },
      Alias: { $ref: '#/components/schemas/CaptureMethod' },
    },
  },
};
const facts = new SpecFacts('demo', spec);

describe('SpecFacts', () => {
  test.each([
    [
      'a numeric extension',
      () => facts.number('#/components/schemas/Payment/properties/expires_at', 'x-expires-after-seconds'),
      604800,
    ],
    ['a text keyword', () => facts.string('#/components/schemas/CaptureMethod', 'default'), 'automatic'],
    ['through a $ref', () => facts.string('#/components/schemas/Alias', 'default'), 'automatic'],
  ])('reads %s', (_name, read, want) => {
    expect(read()).toBe(want);
  });
  test.each([
    ['a missing extension', () => facts.number('#/components/schemas/Payment/properties/expires_at', 'x-value')],
    ['a text where a number is wanted', () => facts.number('#/components/schemas/CaptureMethod', 'default')],
    ['a missing node', () => facts.fact('#/components/schemas/Nope', 'default')],
  ])('refuses %s with the pointer to fix', (_name, read) => {
    expect(read).toThrow(/^demo spec: #\/components\/schemas\/\w+.* has no .*; fix the spec and run the build\.$/);
  });
});
