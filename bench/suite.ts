// Benchmark 5: the wall time of `npm test`, split by part (test file), from vitest's JSON report; and the
// "Hardness" figures the reliability suites print in that same run (and in `npm run test:stress` with --stress).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../src/pipeline/project-root.js';
import { fmt } from './stats.js';

const require = createRequire(import.meta.url);
const root = projectRoot();
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');

/** The summary lines the reliability suites print, in the order they appear. */
const HARDNESS_LINE =
  /^(\[reliability\] .*|chaos: .*|secrets: .*|webhook-delivery: .*|webhook-tampering: .*|load \(.*)$/;

function hardnessLines(output: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return plain
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => HARDNESS_LINE.test(l));
}

/**
 * CPU seconds of this process's finished children (Linux `/proc/self/stat` cutime + cstime, in clock ticks of
 * 1/100 s): a child's time, with that of the descendants it waited for, is counted once it has been waited for.
 */
async function childrenCpuSeconds(): Promise<number | undefined> {
  const stat = await readFile('/proc/self/stat', 'utf8').catch(() => undefined);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (!fields) return undefined;
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function vitestRun(args: string[]): Promise<{ wall: number; cpu?: number; output: string }> {
  const cpuBefore = await childrenCpuSeconds();
  const started = performance.now();
  const result = await promisify(execFile)(process.execPath, [vitest, 'run', ...args], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
  const wall = (performance.now() - started) / 1000;
  const cpuAfter = await childrenCpuSeconds();
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { wall, cpu, output: `${result.stdout}\n${result.stderr}` };
}

export async function runSuiteBenchmark(opts: { stress: boolean }): Promise<{ suite: string; hardness: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'paycontracts-suite-'));
  const report = join(dir, 'report.json');
  const { wall, cpu, output } = await vitestRun(['--reporter=json', `--outputFile=${report}`, '--reporter=default']);
  const json = JSON.parse(await readFile(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults: { name: string; startTime: number; endTime: number }[];
  };
  await rm(dir, { recursive: true, force: true });
  const parts = json.testResults
    .map((r) => ({ file: relative(root, r.name), seconds: (r.endTime - r.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds);
  const suite = [
    `\`vitest run\` (what \`npm test\` runs), wall time **${fmt(wall, 1)} s** (target < 90 s${wall < 90 ? ', met' : `, missed by ${fmt(wall / 90, 2)}×`})${cpu === undefined ? '' : `, ${fmt(cpu, 0)} s of CPU (user + system, every process it started)`}, ${json.numPassedTests} passed, ${json.numFailedTests} failed. Files run three at a time in worker threads that share one module graph, so the parts add up to more than the wall time; the Prism mocks start once, in parallel, in global setup.`,
    '',
    '| part | seconds |',
    '|---|---|',
    ...parts.map((p) => `| ${p.file} | ${fmt(p.seconds, 2)} |`),
    '',
  ].join('\n');

  const hardness = [
    'The summary lines the reliability suites printed in the `npm test` run above (seeded: rerun with the same seed to replay):',
    '',
    ...hardnessLines(output).map((l) => `- \`${l}\``),
    '',
  ];
  if (opts.stress) {
    const stress = await vitestRun(['--config', 'vitest.stress.config.ts', '--reporter=default']);
    hardness.push(
      `\`npm run test:stress\` (long fuzzing and load, bounded in time), ${fmt(stress.wall, 0)} s:`,
      '',
      ...hardnessLines(stress.output).map((l) => `- \`${l}\``),
      '',
    );
  } else {
    hardness.push(
      '`npm run test:stress` (long fuzzing and load) was not part of this run; `npm run bench -- --stress` adds it.',
      '',
    );
  }
  return { suite, hardness: hardness.join('\n') };
}
