import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffSpecs } from '../../src/diff/compare.js';
import { loadSpecForDiff } from '../../src/diff/load-spec.js';
import { RULES, type RuleId } from '../../src/diff/rules.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const base = join(fixtures, 'base.yaml');

/** Each fixture folder holds new.yaml or new.json: base.yaml with one kind of change. */
const newSpec = (name: string) =>
  join(fixtures, name, readdirSync(join(fixtures, name)).find((f) => f.startsWith('new.'))!);

const CASES: [string, { want: RuleId[]; breaking: boolean }][] = [
  ['path-removed', { want: ['api-path-removed-without-deprecation'], breaking: true }],
  ['deprecated-operation-removed', { want: ['api-path-removed-with-deprecation'], breaking: false }],
  ['operation-removed', { want: ['api-removed-without-deprecation'], breaking: true }],
  ['webhook-removed', { want: ['webhook-removed'], breaking: true }],
  ['new-required-request-property', { want: ['new-required-request-property'], breaking: true }],
  ['request-property-became-required', { want: ['request-property-became-required'], breaking: true }],
  ['new-required-request-parameter', { want: ['new-required-request-parameter'], breaking: true }],
  ['request-parameter-became-required', { want: ['request-parameter-became-required'], breaking: true }],
  // Payment is in the responses of four operations and in the webhook payload.
  ['response-property-removed', { want: ['response-property-removed', 'webhook-property-removed'], breaking: true }],
  [
    'response-property-became-optional',
    { want: ['response-property-became-optional', 'webhook-property-became-optional'], breaking: true },
  ],
  ['request-enum-narrowed', { want: ['request-property-enum-value-removed'], breaking: true }],
  ['request-type-narrowed', { want: ['request-property-type-changed'], breaking: true }],
  ['request-max-length-decreased', { want: ['request-property-max-length-decreased'], breaking: true }],
  ['security-scheme-moved', { want: ['api-security-component-location-changed'], breaking: true }],
  [
    'global-security-changed',
    {
      want: ['api-security-component-added', 'api-global-security-removed', 'api-global-security-added'],
      breaking: true,
    },
  ],
  ['webhook-payload-property-removed', { want: ['webhook-property-removed'], breaking: true }],
  // Customer refers to itself: the change is found once per place it is reachable, and the walk ends.
  [
    'recursive-schema-changed',
    { want: ['request-property-removed', 'response-property-removed', 'webhook-property-removed'], breaking: true },
  ],
  [
    'non-breaking-additions',
    {
      want: [
        'new-optional-request-property',
        'request-property-enum-value-added',
        'response-property-added',
        'response-property-enum-value-added',
        'new-optional-request-parameter',
        'request-parameter-enum-value-added',
        'endpoint-added',
        'webhook-added',
        'webhook-property-added',
        'webhook-property-enum-value-added',
      ],
      breaking: false,
    },
  ],
  ['path-parameter-renamed', { want: [], breaking: false }],
];

describe('paycontracts diff: rules', () => {
  test.each(CASES)('%s', async (name, { want, breaking }) => {
    const changes = diffSpecs(await loadSpecForDiff(base), await loadSpecForDiff(newSpec(name)));
    expect([...new Set(changes.map((c) => c.id))].sort()).toEqual([...want].sort());
    expect(changes.some((c) => c.level === 'breaking')).toBe(breaking);
    for (const c of changes) expect(c.level).toBe(RULES[c.id].level);
  });

  test('the reverse of an addition is breaking: what was added and is then removed breaks clients', async () => {
    const changes = diffSpecs(await loadSpecForDiff(newSpec('non-breaking-additions')), await loadSpecForDiff(base));
    expect(changes.filter((c) => c.level === 'breaking').map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'api-path-removed-without-deprecation',
        'webhook-removed',
        'request-property-enum-value-removed',
        'response-property-removed',
      ]),
    );
  });

  test('a change names where it is: the operation and the field', async () => {
    const changes = diffSpecs(await loadSpecForDiff(base), await loadSpecForDiff(newSpec('request-enum-narrowed')));
    expect(changes).toEqual([
      {
        id: 'request-property-enum-value-removed',
        level: 'breaking',
        where: 'POST /v1/payments',
        detail: 'request body /currency: enum value "EUR" removed',
      },
    ]);
  });

  test('identical specs have no changes', async () => {
    expect(diffSpecs(await loadSpecForDiff(base), await loadSpecForDiff(base))).toEqual([]);
  });
});

describe('paycontracts diff: reading specs', () => {
  test('a split spec is bundled first and equals its bundled form', async () => {
    expect(
      diffSpecs(await loadSpecForDiff(join(fixtures, 'split', 'openapi.yaml')), await loadSpecForDiff(base)),
    ).toEqual([]);
  });

  test('a split spec compared with a changed version finds the change', async () => {
    const changes = diffSpecs(
      await loadSpecForDiff(join(fixtures, 'split', 'openapi.yaml')),
      await loadSpecForDiff(newSpec('request-enum-narrowed')),
    );
    expect(changes.map((c) => c.id)).toEqual(['request-property-enum-value-removed']);
  });

  test.each([
    ['a missing file', '/nonexistent/openapi.yaml', /No spec file at .*; pass the path/],
    [
      'a file that is not OpenAPI',
      join(import.meta.dirname, 'compare.test.ts'),
      /not (valid YAML or JSON|an OpenAPI 3 document)/,
    ],
  ])('%s is refused with what to do', async (_name, path, message) => {
    await expect(loadSpecForDiff(path)).rejects.toThrow(message);
  });

  test("each provider's split spec equals its committed bundle", async () => {
    const root = join(import.meta.dirname, '..', '..');
    for (const slug of ['alyapay', 'novasend']) {
      const split = await loadSpecForDiff(join(root, 'specs', slug, 'openapi.yaml'));
      const bundled = await loadSpecForDiff(join(root, 'generated', slug, 'openapi.json'));
      expect(diffSpecs(split, bundled)).toEqual([]);
    }
  });
});
