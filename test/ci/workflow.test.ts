/**
 * What the CI workflow does, checked by behaviour rather than by its text: the jobs and matrices it expands to, that
 * every command it runs exists (npm scripts in package.json, the files they run, `paycontracts` commands and their
 * options and choices), and that its shell steps do what they are for when run here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { LIVE_ENV } from '../../contract-tests/support/behaviour-target.js';
import { createOutput } from '../../src/cli/output.js';
import { createProgram } from '../../src/cli/program.js';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { projectRoot } from '../../src/pipeline/project-root.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix: Record<string, unknown> };
  env?: Record<string, string>;
  steps: Step[];
}

const root = projectRoot();
const workflow = parse(readFileSync(join(root, '.github', 'workflows', 'contract.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
};
const jobs = workflow.jobs;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const program = createProgram(createOutput());

function job(name: string): Job {
  const found = jobs[name];
  if (!found) throw new Error(`the workflow has no ${name} job`);
  return found;
}

/** Every combination of a job's literal matrix (a matrix read from another job's output expands to one `*`). */
function combinations(j: Job): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const [key, values] of Object.entries(j.strategy?.matrix ?? {})) {
    const list = Array.isArray(values) ? values.map(String) : ['*'];
    combos = combos.flatMap((c) => list.map((v) => ({ ...c, [key]: v })));
  }
  return combos;
}

/** The job's shell lines with `${{ matrix.x }}` filled in, one list per matrix combination. */
function commandLines(j: Job): string[] {
  return combinations(j).flatMap((combo) =>
    j.steps
      .flatMap((s) => (s.run ?? '').split('\n'))
      .map((line) => line.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, key: string) => combo[key] ?? '*').trim())
      .filter(Boolean),
  );
}

function optionOf(command: Command, flag: string): Option | undefined {
  return command.options.find((o) => o.long === flag || o.short === flag);
}

/** Problems with one `npm …` line: an unknown script, a missing file, an unknown CLI command, option or choice. */
function problemsWith(line: string): string[] {
  const npm = /\bnpm (?:run (?:--silent )?([\w:-]+)|(test|ci))\b(?: -- (.*))?/.exec(line);
  if (!npm) return [];
  const [, script, builtin, rest = ''] = npm;
  if (builtin === 'ci') return existsSync(join(root, 'package-lock.json')) ? [] : ['npm ci needs package-lock.json'];
  const name = script ?? builtin ?? '';
  const body = pkg.scripts[name];
  if (!body) return [`npm script "${name}" is not in package.json`];
  const problems = [...body.matchAll(/\b((?:scripts|bench|src)\/[\w/.-]+\.ts)\b/g)]
    .filter(([, file]) => !existsSync(join(root, file ?? '')))
    .map(([, file]) => `"${name}" runs ${file}, which does not exist`);
  if (name !== 'cli') return problems;
  const words = rest.split(/\s+/).filter((w) => w && !w.startsWith('"'));
  const command = program.commands.find((c) => c.name() === words[0]);
  if (!command) return [...problems, `paycontracts has no command "${words[0]}"`];
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? '';
    if (!word.startsWith('-')) continue;
    const option = optionOf(command, word);
    if (!option) problems.push(`paycontracts ${command.name()} has no option ${word}`);
    const value = words[i + 1];
    if (option?.argChoices && value && value !== '*' && !option.argChoices.includes(value))
      problems.push(`paycontracts ${command.name()} ${word} does not accept "${value}"`);
  }
  return problems;
}

/** Runs a step's bash script with the given environment, in `cwd`. */
function runStep(script: string, cwd: string, env: Record<string, string> = {}) {
  return spawnSync('bash', ['-c', script], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
}

describe('.github/workflows/contract.yml', () => {
  test('runs on pushes and pull requests, with the lint, build, test, contract, live and breaking-change jobs', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(Object.keys(jobs).sort()).toEqual(
      ['breaking-changes', 'build', 'contract', 'lint', 'live', 'live-providers', 'test'].sort(),
    );
  });

  test('every command a job runs exists: npm scripts, the files they run, CLI commands, options and choices', () => {
    const problems = Object.entries(jobs).flatMap(([name, j]) =>
      commandLines(j).flatMap((line) => problemsWith(line).map((p) => `${name}: ${p}`)),
    );
    expect(problems).toEqual([]);
  });

  test('the command check catches a missing script, command, option or choice', () => {
    expect(problemsWith('npm run no-such-script')).toHaveLength(1);
    expect(problemsWith('npm run cli -- contracts --target prism')).toHaveLength(1);
    expect(problemsWith('npm run cli -- contract --targets prism')).toHaveLength(1);
    expect(problemsWith('npm run cli -- contract --target mars --provider alyapay')).toHaveLength(1);
  });

  test('each contract job runs one provider against one target, every provider against every non-live target', () => {
    const contract = job('contract');
    expect(contract.needs).toBe('build');
    const pairs = combinations(contract).map((c) => `${c.provider} ${c.target}`);
    const targets = optionOf(program.commands.find((c) => c.name() === 'contract') as Command, '--target')?.argChoices;
    const wanted = PROVIDER_SLUGS.flatMap((slug) =>
      (targets ?? []).filter((t) => t !== 'live').map((t) => `${slug} ${t}`),
    );
    expect(pairs.sort()).toEqual(wanted.sort());
    for (const c of combinations(contract)) {
      const lines = commandLines({ ...contract, strategy: { matrix: { provider: [c.provider], target: [c.target] } } });
      expect(lines.join('\n')).toMatch(new RegExp(`contract .*--target ${c.target} .*--provider ${c.provider}`));
    }
    const upload = contract.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if, 'reports are uploaded even when the suite fails').toBe('always()');
  });

  test('breaking-changes diffs each provider, and each spec path it compares exists', () => {
    const diff = job('breaking-changes');
    expect(diff.if).toMatch(/pull_request/);
    const providers = combinations(diff).map((c) => c.provider);
    expect([...(providers as string[])].sort()).toEqual([...PROVIDER_SLUGS].sort());
    const lines = commandLines(diff).filter((l) => l.includes(' diff '));
    expect(lines).toHaveLength(PROVIDER_SLUGS.length);
    for (const line of lines) {
      const spec = /(specs\/[\w-]+\/openapi\.yaml)\s*$/.exec(line)?.[1];
      expect(spec && existsSync(join(root, spec)), `${line} compares an existing spec`).toBe(true);
    }
  });

  describe('the build job fails when generated/ differs from the commit', () => {
    const freshness = job('build').steps.find((s) => s.run?.includes('generated/'))?.run ?? '';
    const repos: string[] = [];
    afterAll(() => {
      for (const repo of repos) rmSync(repo, { recursive: true, force: true });
    });

    test.each([
      ['clean', (_repo: string): void => undefined, 0],
      [
        'a changed file',
        (repo: string): void => writeFileSync(join(repo, 'generated', 'a.json'), '{"changed":true}'),
        1,
      ],
      ['a new file', (repo: string): void => writeFileSync(join(repo, 'generated', 'b.json'), '{}'), 1],
    ] as const)('%s', (_, change, exitCode) => {
      const repo = mkdtempSync(join(tmpdir(), 'paycontracts-ci-'));
      repos.push(repo);
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
      git('init', '-q');
      mkdirSync(join(repo, 'generated'));
      writeFileSync(join(repo, 'generated', 'a.json'), '{}');
      git('add', 'generated');
      git('-c', 'user.email=ci@example.test', '-c', 'user.name=ci', 'commit', '-q', '-m', 'generated');
      change(repo);
      expect(freshness).not.toBe('');
      expect(runStep(freshness, repo).status === 0 ? 0 : 1).toBe(exitCode);
    });
  });

  test('the live job runs only for providers whose secrets are all set', () => {
    const step = job('live-providers').steps[0];
    const script = step?.run ?? '';
    const env = step?.env ?? {};
    for (const slug of PROVIDER_SLUGS) {
      const variable = Object.keys(env).find((k) => k === slug.toUpperCase().replace(/-/g, '_')) ?? '';
      for (const name of [LIVE_ENV[slug].baseUrl, ...Object.values(LIVE_ENV[slug].credentials)])
        expect(env[variable], `${slug} needs ${name}`).toContain(`secrets.${name} != ''`);
      // Run the step as GitHub would, with only this provider's secrets set.
      const output = join(tmpdir(), `paycontracts-live-${process.pid}-${slug}`);
      const flags = Object.fromEntries(Object.keys(env).map((k) => [k, k === variable ? 'true' : 'false']));
      expect(runStep(script, root, { ...flags, GITHUB_OUTPUT: output }).status).toBe(0);
      expect(readFileSync(output, 'utf8').trim()).toBe(`providers=["${slug}"]`);
      rmSync(output, { force: true });
    }
    const live = job('live');
    expect(live.if).toMatch(/needs\.live-providers\.outputs\.providers != '\[\]'/);
    for (const slug of PROVIDER_SLUGS)
      for (const name of [LIVE_ENV[slug].baseUrl, ...Object.values(LIVE_ENV[slug].credentials)])
        expect(live.env?.[name], `the live job passes ${name}`).toBe(`\${{ secrets.${name} }}`);
  });
});
