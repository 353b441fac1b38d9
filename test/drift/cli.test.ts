import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli as runInProcess } from '../../src/cli/program.js';
import type { DriftReport } from '../../src/drift/types.js';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { expectUsageError, runCli } from '../cli/cli-process.js';
import { type DriftedProvider, startDriftedProvider } from './drifted-provider.js';

/** The drift commands run in this process (a CLI child costs seconds each); the live run above is the child. */
async function drift(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runInProcess(['drift', ...args], {
    line: (text) => {
      stdout += `${text}\n`;
    },
    note: (text) => {
      stderr += `${text}\n`;
    },
    paint: (_style, text) => text,
    progress: (slug, step, detail) => {
      stderr += `${slug} ${step} ${detail}\n`;
    },
  });
  return { code, stdout, stderr };
}

let dir: string;
let provider: DriftedProvider;
const report = () => join(dir, 'drift-alyapay.json');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paycontracts-drift-cli-'));
  // AlyaPay's session answers `token` where the spec says `session_token`: the live scenarios fail on it.
  provider = await startDriftedProvider('alyapay', [
    {
      method: 'POST',
      path: /^\/api\/v1\/public\/sessions$/,
      body: ({ session_token, ...rest }) => ({ ...rest, token: session_token }),
    },
  ]);
});
afterAll(async () => {
  await provider?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('paycontracts contract --target live --drift-report', () => {
  test('a failing live run through ALYAPAY_BASE_URL still writes the report, with the drift that failed it', async () => {
    const result = await runCli(['contract', '--target', 'live', '--provider', 'alyapay', '--drift-report', report()], {
      env: { ALYAPAY_BASE_URL: provider.url, ALYAPAY_API_KEY: 'test_key' },
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/alyapay\s+drift\s+\d+ exchange\(s\), 2 drift\(s\)/);
    const saved = JSON.parse(readFileSync(report(), 'utf8')) as DriftReport;
    expect(saved.drifts.map((d) => [d.kind, d.pointer, d.file]).sort()).toEqual([
      ['required-missing', '/components/schemas/Session/required/0', 'specs/alyapay/components/schemas/Session.yaml'],
      [
        'unknown-field',
        '/components/schemas/Session/properties/token',
        'specs/alyapay/components/schemas/Session.yaml',
      ],
    ]);
    expect(readFileSync(report().replace(/\.json$/, '.md'), 'utf8')).toMatch(/^# Live drift: alyapay/);
  }, 130_000);

  test('--drift-report outside a live run is a usage error', async () => {
    expectUsageError(
      await runCli(['contract', '--target', 'sandbox', '--drift-report', report()]),
      /--drift-report records one provider's live run: add --target live --provider <slug>/,
    );
  });
});

describe('paycontracts drift check / drift patch', () => {
  test('check lists the drifts still open against the current spec and exits 1', async () => {
    const result = await drift(['check', report()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^open\s+required-missing\s+specs\/alyapay\/components\/schemas\/Session\.yaml#\/required\/0/m,
    );
    expect(result.stdout).toMatch(/alyapay: 0 closed, 2 open, 0 new/);
  });

  test('check names a drift the saved report did not list as new', async () => {
    const saved = JSON.parse(readFileSync(report(), 'utf8')) as DriftReport;
    const older = join(dir, 'older.json');
    writeFileSync(older, JSON.stringify({ ...saved, drifts: saved.drifts.slice(1) }));
    const result = await drift(['check', older, '--json']);
    const parsed = JSON.parse(result.stdout) as { closed: unknown[]; open: unknown[]; added: unknown[] };
    expect([parsed.closed.length, parsed.open.length, parsed.added.length]).toEqual([0, 1, 1]);
  });

  test('patch writes a diff of the split spec that git apply --check accepts', async () => {
    const out = join(dir, 'drift.patch');
    const result = await drift(['patch', report(), '--out', out, '--date', '2026-03-14']);
    expect(result.code, result.stderr).toBe(0);
    const diff = readFileSync(out, 'utf8');
    const copy = join(dir, 'copy');
    cpSync(join(projectRoot(), 'specs', 'alyapay'), join(copy, 'specs', 'alyapay'), { recursive: true });
    execFileSync('git', ['apply', '--check', out], { cwd: copy });
    expect(diff).toMatch(/^diff --git a\/specs\/alyapay\/components\/schemas\/Session\.yaml/m);
    expect(diff).toMatch(
      /^\+\s+token:\n\+\s+type: string\n\+\s+x-inferred: true\n\+\s+x-inferred-reason: observed in a live run on 2026-03-14$/m,
    );
  });

  test.each([
    [['check', 'no-such-report.json'], /Cannot read the drift report .*no-such-report\.json: ENOENT/],
    [['patch', 'package.json'], /package\.json is not a drift report/],
    [['patch', 'README.md'], /README\.md is not JSON/],
  ])('bad input: %j', async (args, message) => {
    const result = await drift(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  test('a date that is not YYYY-MM-DD is refused by the parser (a CLI child: commander writes it)', async () => {
    expectUsageError(
      await runCli(['drift', 'patch', report(), '--date', '14/03/2026']),
      /"14\/03\/2026" is not a date; pass YYYY-MM-DD/,
    );
  });
});
