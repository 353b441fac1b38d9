import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '@redocly/openapi-core';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { redoclyConfig } from '../../src/pipeline/redocly.js';

/** The house rule `paycontracts/extension-shapes`: every `x-` key is documented and has its documented shape. */

const root = projectRoot();

async function extensionFindings(fixture: string): Promise<string[]> {
  const config = (await redoclyConfig(root)).forAlias('alyapay');
  const problems = await lint({ ref: join(import.meta.dirname, 'fixtures', fixture), config });
  return problems.filter((p) => p.ruleId === 'paycontracts/extension-shapes').map((p) => p.message);
}

describe('paycontracts/extension-shapes', () => {
  test('each wrong extension is one finding that says what is wrong', async () => {
    const findings = await extensionFindings('extensions-bad.yaml');
    expect(findings.sort()).toEqual(
      [
        '`x-environment` must be one of sandbox | production, not "staging".',
        '`x-webhook-retry` has `retries`, which is not one of its fields (scheduleSeconds, maxAttempts, expiresAfterSeconds, responseTimeoutSeconds, successStatuses).',
        '`x-made-up` is not a documented extension; document it in specs/README.md and give it a shape in redocly/extension-shapes.js.',
        '`x-rate-limit` must be a list of at least 1 item(s).',
        '`x-idempotency-scope` must be one of key | operation, not "global".',
        '`x-rate-limit` item 0 `requests` must be a whole number of at least 1, not 0.',
        '`x-enum-varnames` has 1 entries for 2 enum values.',
        '`x-extensible-enum` goes on a `type: string` schema without `enum`.',
      ].sort(),
    );
  });

  test('the same spec with every extension in its documented shape has none', async () => {
    expect(await extensionFindings('extensions-good.yaml')).toEqual([]);
  });
});

describe('specs/README.md and the shapes agree', () => {
  const readme = readFileSync(join(root, 'specs', 'README.md'), 'utf8');
  const shapes = readFileSync(join(root, 'redocly', 'extension-shapes.js'), 'utf8');
  const shaped = new Set([...shapes.matchAll(/^ {2}'(x-[a-z0-9-]+)':/gm)].map((m) => m[1]));
  const table = readme.slice(readme.indexOf('## Extensions'), readme.indexOf('`x-pagination` forms'));
  const documented = new Set([...table.matchAll(/`(x-[a-z0-9-]+)/g)].map((m) => m[1]));

  test('every extension with a shape is in the table, and every one in the table has a shape', () => {
    expect(shaped.size).toBeGreaterThan(30);
    expect([...shaped].filter((x) => !documented.has(x))).toEqual([]);
    expect([...documented].filter((x) => !shaped.has(x))).toEqual([]);
  });

  test('every row names what reads the extension, or says it is documentation only', () => {
    const rows = table.split('\n').filter((line) => /^\| [^-]/.test(line) && line.includes('`x-'));
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const readBy = row.split('|').at(-2)?.trim() ?? '';
      expect(readBy, row).toMatch(/^(documentation only|(`(src|redocly)\/[^`]+`(, )?)+)/);
      for (const [, file] of readBy.matchAll(/`((?:src|redocly)\/[^`]+)`/g))
        expect(() => readFileSync(join(root, file ?? ''), 'utf8'), row).not.toThrow();
    }
  });
});
