import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ProviderSlug } from '../../src/core/providers.js';
import { checkReport } from '../../src/drift/check.js';
import { driftPatch } from '../../src/drift/patch.js';
import type { DriftReport } from '../../src/drift/types.js';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { bundleSpec, lintSpec } from '../../src/pipeline/redocly.js';
import { type DriftedProvider, type Injection, startDriftedProvider } from './drifted-provider.js';
import { recordRun, reportIn } from './live-run.js';

const ROOT = projectRoot();
const CREDENTIALS = { apiKey: 'test_key' };
const DATE = '2026-03-14';

/** Each injected drift, by hand: what the report must say, at which pointer of the bundled spec and of which file. */
interface Expected {
  kind: string;
  pointer: string;
  file: string;
  filePointer: string;
}

const only = (body: Record<string, unknown>, change: (b: Record<string, unknown>) => void) => {
  change(body);
  return body;
};

const CASES: {
  slug: ProviderSlug;
  injections: Injection[];
  expected: Expected[];
  /** kinds the patch leaves for review: they stay after it */
  unpatched: string[];
}[] = [
  {
    slug: 'haloubi-gateway',
    injections: [
      {
        method: 'POST',
        path: /^\/api\/v1\/payments\/authorize$/,
        body: (b) =>
          only(b, (x) => {
            x.createdAt = x.created_at;
            delete x.created_at;
          }),
      },
      { method: 'GET', path: /^\/api\/v1\/payments\/pay_[0-9a-f]+$/, body: (b) => ({ ...b, risk_score: 12 }) },
      { method: 'POST', path: /^\/api\/v1\/payments\/sale$/, status: 201 },
      { method: 'POST', path: /\/capture$/, body: (b) => ({ ...b, status: 'settled' }) },
      { method: 'GET', path: /pay_does_not_exist$/, body: () => ({ message: 'No such payment' }) },
      { method: 'GET', path: /^\/api\/v1\/transactions$/, status: 405, body: () => ({}) },
    ],
    expected: [
      {
        kind: 'required-missing',
        pointer: '/components/schemas/Payment/required/4',
        file: 'specs/haloubi-gateway/components/schemas/Payment.yaml',
        filePointer: '/required/4',
      },
      {
        kind: 'unknown-field',
        pointer: '/components/schemas/Payment/properties/createdAt',
        file: 'specs/haloubi-gateway/components/schemas/Payment.yaml',
        filePointer: '/properties/createdAt',
      },
      {
        kind: 'unknown-field',
        pointer: '/components/schemas/Payment/properties/risk_score',
        file: 'specs/haloubi-gateway/components/schemas/Payment.yaml',
        filePointer: '/properties/risk_score',
      },
      {
        kind: 'status-undocumented',
        pointer: '/paths/~1api~1v1~1payments~1sale/post/responses/201',
        file: 'specs/haloubi-gateway/paths/api_v1_payments_sale.yaml',
        filePointer: '/post/responses/201',
      },
      {
        kind: 'enum',
        pointer: '/components/schemas/PaymentStatus/enum',
        file: 'specs/haloubi-gateway/components/schemas/PaymentStatus.yaml',
        filePointer: '/enum',
      },
      {
        kind: 'error-shape',
        pointer: '/components/schemas/HaloubiError',
        file: 'specs/haloubi-gateway/components/schemas/HaloubiError.yaml',
        filePointer: '',
      },
      {
        kind: 'method-refused',
        pointer: '/paths/~1api~1v1~1transactions/get',
        file: 'specs/haloubi-gateway/paths/api_v1_transactions.yaml',
        filePointer: '/get',
      },
    ],
    unpatched: ['error-shape', 'method-refused'],
  },
  {
    slug: 'chari-money',
    injections: [
      { method: 'GET', path: /^\/api\/customers\/status$/, dropHeaders: ['C-Request-Id'], body: () => ({ data: 9 }) },
      { method: 'POST', path: /^\/api\/customers\/register$/, status: 201 },
      { method: 'POST', path: /^\/api\/customers\/confirm$/, body: () => ({ error: 'wrong code' }) },
      { method: 'PUT', path: /^\/api\/customers\/pin$/, status: 405, body: () => ({}) },
      {
        method: 'GET',
        path: /^\/api\/agents\/principal$/,
        body: (b) =>
          only(b, (x) => {
            const agent = (x.data as { agent: Record<string, unknown> }).agent;
            agent.agentCode = agent.code;
            delete agent.code;
          }),
      },
    ],
    expected: [
      {
        kind: 'header-missing',
        pointer: '/components/headers/CRequestId',
        file: 'specs/chari-money/components/headers/CRequestId.yaml',
        filePointer: '',
      },
      {
        kind: 'enum',
        pointer: '/components/schemas/CustomerStatus/enum',
        file: 'specs/chari-money/components/schemas/CustomerStatus.yaml',
        filePointer: '/enum',
      },
      {
        kind: 'status-undocumented',
        pointer: '/paths/~1api~1customers~1register/post/responses/201',
        file: 'specs/chari-money/paths/api_customers_register.yaml',
        filePointer: '/post/responses/201',
      },
      {
        kind: 'error-shape',
        pointer: '/components/schemas/ChariError',
        file: 'specs/chari-money/components/schemas/ChariError.yaml',
        filePointer: '',
      },
      {
        kind: 'method-refused',
        pointer: '/paths/~1api~1customers~1pin/put',
        file: 'specs/chari-money/paths/api_customers_pin.yaml',
        filePointer: '/put',
      },
      {
        kind: 'required-missing',
        pointer: '/components/schemas/PrincipalAgent/required/0',
        file: 'specs/chari-money/components/schemas/PrincipalAgent.yaml',
        filePointer: '/required/0',
      },
      {
        kind: 'unknown-field',
        pointer: '/components/schemas/PrincipalAgent/properties/agentCode',
        file: 'specs/chari-money/components/schemas/PrincipalAgent.yaml',
        filePointer: '/properties/agentCode',
      },
    ],
    unpatched: ['error-shape', 'method-refused', 'header-missing'],
  },
];

const located = (r: DriftReport) =>
  r.drifts.map(({ kind, pointer, file, filePointer }) => ({ kind, pointer, file, filePointer }));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paycontracts-drift-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(CASES)('$slug > drifted provider', ({ slug, injections, expected, unpatched }) => {
  let provider: DriftedProvider;
  let report: DriftReport;
  beforeAll(async () => {
    provider = await startDriftedProvider(slug, injections);
    ({ report } = await recordRun(slug, provider.url, CREDENTIALS, reportIn(dir, slug), ROOT));
  }, 60_000);
  afterAll(() => provider?.stop());

  test('every injected drift is reported at its spec pointer and source file, with its kind, and nothing else', () => {
    expect(located(report)).toEqual(expect.arrayContaining(expected));
    expect(report.drifts).toHaveLength(expected.length);
    for (const drift of report.drifts) {
      expect(drift.count).toBeGreaterThanOrEqual(1);
      expect(drift.example.method).toMatch(/^(GET|POST|PUT)$/);
    }
  });

  test('inferences the undrifted traffic exercised are confirmed, with their exchange counts; none under a drift', () => {
    expect(report.confirmed.length).toBeGreaterThan(0);
    for (const c of report.confirmed) {
      expect(c.exchanges).toBeGreaterThanOrEqual(1);
      expect(report.drifts.some((d) => d.pointer === c.pointer || d.pointer.startsWith(`${c.pointer}/`))).toBe(false);
    }
  });

  test('the JSON report and its Markdown summary are on disk', () => {
    const saved = JSON.parse(readFileSync(reportIn(dir, slug), 'utf8')) as DriftReport;
    expect([saved.provider, saved.exchanges.length, saved.drifts.length]).toEqual([
      slug,
      report.exchanges.length,
      expected.length,
    ]);
    const markdown = readFileSync(reportIn(dir, slug).replace(/\.json$/, '.md'), 'utf8');
    for (const e of expected) expect(markdown).toContain(`\`${e.file}\``);
  });

  test('the patch applies to a copy of specs/, lints and bundles clean, and a second run reports no drift where it patched', async () => {
    const copy = join(dir, `copy-${slug}`);
    mkdirSync(join(copy, 'generated', slug), { recursive: true });
    cpSync(join(ROOT, 'specs'), join(copy, 'specs'), { recursive: true });
    cpSync(join(ROOT, 'redocly'), join(copy, 'redocly'), { recursive: true });
    cpSync(join(ROOT, 'redocly.yaml'), join(copy, 'redocly.yaml'));
    const patch = driftPatch(report, ROOT, DATE);
    expect(patch.left.length).toBe(expected.filter((e) => unpatched.includes(e.kind)).length);
    writeFileSync(join(copy, 'drift.patch'), patch.diff);
    execFileSync('git', ['apply', '--check', 'drift.patch'], { cwd: copy });
    execFileSync('git', ['apply', 'drift.patch'], { cwd: copy });
    expect(patch.diff).toContain(`observed in a live run on ${DATE}`);
    expect(patch.diff).toContain('x-verified:');
    expect(patch.diff).not.toMatch(/^\+\s*\w+: \{\}$/m);
    expect(await lintSpec(slug, copy)).toEqual([]);
    const bundled = await bundleSpec(slug, copy);
    writeFileSync(join(copy, 'generated', slug, 'openapi.json'), JSON.stringify(bundled));
    // Offline replay of the saved traffic: the patched drifts are closed, the others still open.
    const replay = checkReport(report, bundled as never, copy);
    expect(replay.closed.map((d) => d.kind).sort()).toEqual(
      expected
        .filter((e) => !unpatched.includes(e.kind))
        .map((e) => e.kind)
        .sort(),
    );
    expect(replay.added).toEqual([]);

    const again = await recordRun(slug, provider.url, CREDENTIALS, join(dir, `again-${slug}.json`), copy);
    expect(again.report.drifts.map((d) => d.kind).sort()).toEqual(
      expected
        .filter((e) => unpatched.includes(e.kind))
        .map((e) => e.kind)
        .sort(),
    );
  }, 90_000);
});
