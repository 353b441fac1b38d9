// Benchmark 4: `npm run build:specs` cold (a fresh process, empty output) for every spec and for one provider,
// vs the naive chain of one CLI process per tool and provider (redocly lint, redocly bundle, openapi-typescript,
// redocly build-docs) on the same specs. Rounds alternate.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { PROVIDER_SLUGS } from '../src/core/providers.js';
import { projectRoot } from '../src/pipeline/project-root.js';
import { alternate, fmt, spread, summarize } from './stats.js';

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const root = projectRoot();
const bin = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);
const tsx = bin('tsx', 'dist/cli.mjs');
const redocly = bin('@redocly/cli', 'bin/cli.js');
const openapiTs = bin('openapi-typescript', 'bin/cli.js');

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

async function inProcessBuild(provider?: string): Promise<number> {
  const out = await mkdtemp(join(tmpdir(), 'paycontracts-bench-'));
  try {
    return await timed(() =>
      run(
        process.execPath,
        [tsx, join(root, 'scripts', 'build.ts'), '--out-dir', out, ...(provider ? ['--provider', provider] : [])],
        { cwd: root },
      ),
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function naiveChain(): Promise<number> {
  const out = await mkdtemp(join(tmpdir(), 'paycontracts-naive-'));
  try {
    return await timed(async () => {
      for (const slug of PROVIDER_SLUGS) {
        const bundled = join(out, `${slug}.json`);
        await run(process.execPath, [redocly, 'lint', slug], { cwd: root });
        await run(process.execPath, [redocly, 'bundle', slug, '-o', bundled], { cwd: root });
        // Outside the project, so openapi-typescript reads the bundled file given and not redocly.yaml's apis.
        await run(process.execPath, [openapiTs, bundled, '-o', join(out, `${slug}.d.ts`)], { cwd: out });
        await run(process.execPath, [redocly, 'build-docs', bundled, '-o', join(out, `${slug}.html`)], { cwd: root });
      }
    });
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

export async function runPipelineBenchmark(opts: { rounds: number }): Promise<string> {
  const seconds = await alternate(
    ['in-process, all specs', 'in-process, one provider (alyapay)', 'naive CLI chain, five providers'] as const,
    opts.rounds,
    (name) =>
      name === 'in-process, all specs'
        ? inProcessBuild()
        : name === 'in-process, one provider (alyapay)'
          ? inProcessBuild('alyapay')
          : naiveChain(),
  );
  const all = summarize(seconds['in-process, all specs']);
  const naive = summarize(seconds['naive CLI chain, five providers']);
  const ratio = summarize(
    seconds['naive CLI chain, five providers'].map((n, i) => n / seconds['in-process, all specs'][i]!),
  );
  return [
    `Each build runs in a fresh process into an empty folder. The in-process build does more than the chain (JSON Schemas, ajv standalone validators, enums, parameter validators, the docs site) in one process; the chain is lint, bundle, openapi-typescript and build-docs as separate CLI processes per provider.`,
    '',
    '| build | seconds, median (min–max) |',
    '|---|---|',
    ...Object.entries(seconds).map(([k, v]) => `| ${k} | ${spread(summarize(v), 2)} |`),
    '',
    `- cold build of everything: **${fmt(all.median, 2)} s** (target < 10 s)`,
    `- naive chain / in-process: **${fmt(ratio.median, 2)}×** (target ≥ 2×; naive median ${fmt(naive.median, 1)} s)`,
    '',
  ].join('\n');
}
