import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffSpecs } from '../../src/diff/compare.js';
import { loadSpecForDiff } from '../../src/diff/load-spec.js';
import { type ChangeLevel, RULES, type RuleId } from '../../src/diff/rules.js';
import { runCli } from '../cli/cli-process.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const base = join(fixtures, 'base.yaml');

/** Each fixture folder holds new.yaml or new.json: base.yaml with one kind of change. */
const newSpec = (name: string) => {
  const file = readdirSync(join(fixtures, name)).find((f) => f.startsWith('new.'));
  if (!file) throw new Error(`test/diff/fixtures/${name} has no new.yaml or new.json`);
  return join(fixtures, name, file);
};

/**
 * Every rule's level, decided here by what a client written against the old spec can rely on, not read from RULES:
 * reclassifying a rule in src/diff/rules.ts must fail this test.
 */
const B: ChangeLevel = 'breaking';
const S: ChangeLevel = 'non-breaking';
const LEVELS: Record<RuleId, ChangeLevel> = {
  'api-path-removed-without-deprecation': B,
  'api-path-removed-with-deprecation': S,
  'api-removed-without-deprecation': B,
  'api-removed-with-deprecation': S,
  'endpoint-added': S,
  'endpoint-deprecated': S,
  'api-operation-id-changed': S,
  'webhook-removed': B,
  'webhook-added': S,
  'api-security-removed': B,
  'api-security-added': S,
  'api-security-no-longer-required': S,
  'api-global-security-removed': B,
  'api-global-security-added': S,
  'api-security-component-removed': B,
  'api-security-component-added': S,
  'api-security-component-type-changed': B,
  'api-security-component-location-changed': B,
  'new-required-request-parameter': B,
  'new-optional-request-parameter': S,
  'request-parameter-removed': S,
  'request-parameter-became-required': B,
  'request-parameter-became-optional': S,
  'request-parameter-enum-value-removed': B,
  'request-parameter-enum-value-added': S,
  'request-parameter-type-changed': B,
  'request-parameter-type-generalized': S,
  'request-parameter-max-length-decreased': B,
  'request-parameter-min-length-increased': B,
  'request-parameter-max-decreased': B,
  'request-parameter-min-increased': B,
  'request-parameter-pattern-changed': B,
  'request-body-became-required': B,
  'request-body-media-type-removed': B,
  'request-body-media-type-added': S,
  'new-required-request-property': B,
  'new-optional-request-property': S,
  'request-property-removed': S,
  'request-property-became-required': B,
  'request-property-became-optional': S,
  'request-property-enum-value-removed': B,
  'request-property-enum-value-added': S,
  'request-property-type-changed': B,
  'request-property-type-generalized': S,
  'request-property-max-length-decreased': B,
  'request-property-min-length-increased': B,
  'request-property-max-decreased': B,
  'request-property-min-increased': B,
  'request-property-pattern-changed': B,
  'response-success-status-removed': B,
  'response-non-success-status-removed': S,
  'response-status-added': S,
  'response-media-type-removed': B,
  'response-property-removed': B,
  'response-property-added': S,
  'response-property-became-optional': B,
  'response-property-became-required': S,
  'response-property-type-changed': B,
  'response-property-type-narrowed': S,
  'response-property-enum-value-added': S,
  'response-property-enum-value-removed': S,
  'webhook-property-removed': B,
  'webhook-property-added': S,
  'webhook-property-became-optional': B,
  'webhook-property-became-required': S,
  'webhook-property-type-changed': B,
  'webhook-property-type-narrowed': S,
  'webhook-property-enum-value-added': S,
  'webhook-property-enum-value-removed': S,
};

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
  // Only the list response's `data` (no webhook carries it): breaking on its own.
  ['response-only-property-became-optional', { want: ['response-property-became-optional'], breaking: true }],
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
    for (const c of changes) expect(c.level, c.id).toBe(LEVELS[c.id]);
  });

  test('every rule has the level pinned above, and no rule is left unpinned', () => {
    expect(Object.fromEntries(Object.entries(RULES).map(([id, rule]) => [id, rule.level]))).toEqual(LEVELS);
  });

  test('a response property that became optional, and nothing else, fails the diff command (exit 1)', async () => {
    const { code, stdout } = await runCli(['diff', base, newSpec('response-only-property-became-optional')]);
    expect(stdout).toMatch(/^breaking +response-property-became-optional +GET \/v1\/payments /m);
    expect(stdout).toContain('1 breaking, 0 non-breaking change(s).');
    expect(code).toBe(1);
  }, 60_000);

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
