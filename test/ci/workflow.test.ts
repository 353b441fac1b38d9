import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { LIVE_ENV } from '../../contract-tests/support/behaviour-target.js';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { projectRoot } from '../../src/pipeline/project-root.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix: Record<string, unknown> };
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}

const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('.github/workflows/contract.yml', () => {
  let jobs: Record<string, Job>;
  beforeAll(async () => {
    const workflow = parse(await readFile(join(projectRoot(), '.github', 'workflows', 'contract.yml'), 'utf8')) as {
      on: Record<string, unknown>;
      jobs: Record<string, Job>;
    };
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    jobs = workflow.jobs;
  });

  test('has the lint, build, test, contract, live and breaking-change jobs', () => {
    expect(Object.keys(jobs).sort()).toEqual(
      ['breaking-changes', 'build', 'contract', 'lint', 'live', 'live-providers', 'test'].sort(),
    );
    expect(runs(jobs.lint!)).toMatch(/npm run cli -- lint/);
    expect(runs(jobs.test!)).toMatch(/apt-get install -y chromium[\s\S]*npm ci[\s\S]*npm test/);
  });

  test('build regenerates and fails when generated/ differs from the commit', () => {
    const script = runs(jobs.build!);
    expect(script).toMatch(/npm run build/);
    expect(script).toContain('git diff --exit-code -- generated/');
    expect(script).toContain('git status --porcelain --untracked-files=all -- generated/');
  });

  test('the contract job runs every provider against prism and sandbox with JUnit output', () => {
    const contract = jobs.contract!;
    expect(contract.needs).toBe('build');
    expect(contract.strategy!.matrix.provider).toEqual([...PROVIDER_SLUGS]);
    expect(contract.strategy!.matrix.target).toEqual(['prism', 'sandbox']);
    expect(runs(contract)).toContain(
      'contract --target ${{ matrix.target }} --provider ${{ matrix.provider }} --reporter junit',
    );
    expect(contract.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))).toMatchObject({ if: 'always()' });
  });

  test('the live job runs only for providers whose secrets are all set', () => {
    const list = jobs['live-providers']!;
    const check = list.steps[0]!;
    for (const slug of PROVIDER_SLUGS) {
      const variable = slug.toUpperCase().replace(/-/g, '_');
      const condition = check.env![variable]!;
      const names = [LIVE_ENV[slug].baseUrl, ...Object.values(LIVE_ENV[slug].credentials)];
      for (const name of names) expect(condition, `${slug} needs ${name}`).toContain(`secrets.${name} != ''`);
      expect(check.run).toContain(`[ "$${variable}" = true ] && list+=('"${slug}"')`);
    }
    const live = jobs.live!;
    expect(live.needs).toEqual(expect.arrayContaining(['live-providers']));
    expect(live.if).toBe("needs.live-providers.outputs.providers != '[]'");
    expect(live.strategy!.matrix.provider).toBe('${{ fromJSON(needs.live-providers.outputs.providers) }}');
    for (const slug of PROVIDER_SLUGS) {
      for (const name of [LIVE_ENV[slug].baseUrl, ...Object.values(LIVE_ENV[slug].credentials)])
        expect(live.env![name]).toBe(`\${{ secrets.${name} }}`);
    }
    expect(runs(live)).toContain('contract --target live --provider ${{ matrix.provider }} --reporter junit');
  });

  test('pull requests diff every spec against the base branch', () => {
    const diff = jobs['breaking-changes']!;
    expect(diff.if).toBe("github.event_name == 'pull_request'");
    expect(diff.strategy!.matrix.provider).toEqual([...PROVIDER_SLUGS]);
    const script = runs(diff);
    expect(script).toContain('git worktree add "$RUNNER_TEMP/base" "origin/${{ github.base_ref }}"');
    expect(script).toMatch(/cli -- diff "\$old" specs\/\$\{\{ matrix.provider \}\}\/openapi.yaml/);
  });
});
