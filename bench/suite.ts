// Benchmark 5: the wall time of `npm test`, split by part (test file), from vitest's JSON report.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../src/pipeline/project-root.js';
import { fmt } from './stats.js';

const require = createRequire(import.meta.url);

export async function runSuiteBenchmark(): Promise<string> {
  const root = projectRoot();
  const dir = await mkdtemp(join(tmpdir(), 'paycontracts-suite-'));
  const report = join(dir, 'report.json');
  const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
  const started = performance.now();
  await promisify(execFile)(process.execPath, [vitest, 'run', '--reporter=json', `--outputFile=${report}`], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).catch((e) => e);
  const wall = (performance.now() - started) / 1000;
  const json = JSON.parse(await readFile(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; testResults: { name: string; startTime: number; endTime: number }[] };
  await rm(dir, { recursive: true, force: true });
  const parts = json.testResults.map((r) => ({ file: relative(root, r.name), seconds: (r.endTime - r.startTime) / 1000 })).sort((a, b) => b.seconds - a.seconds);
  return [
    `\`vitest run\` (what \`npm test\` runs), wall time **${fmt(wall, 1)} s** (target < 90 s), ${json.numPassedTests} passed, ${json.numFailedTests} failed. Files run in parallel on 2 workers, so the parts add up to more than the wall time; the Prism mocks start once, in parallel, in global setup.`,
    '',
    '| part | seconds |',
    '|---|---|',
    ...parts.map((p) => `| ${p.file} | ${fmt(p.seconds, 2)} |`),
    '',
  ].join('\n');
}
