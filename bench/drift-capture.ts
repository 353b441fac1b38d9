// Benchmark 7: what recording a live run costs. The live contract suite runs against a sandbox standing in for the
// provider (through prism proxy, as for a real one), alternately without and with `--drift-report`: the difference
// is the recorder's hop on every exchange plus the comparison and report at the end. Wall time of the whole command,
// as a user sees it; ratios taken per round.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/pipeline/project-root.js';
import { startSandbox } from '../src/sandbox/index.js';
import { alternate, fmt, spread, summarize } from './stats.js';

const SLUG = 'haloubi-gateway';
const VARIANTS = ['without capture', 'with --drift-report'] as const;

function runLive(baseUrl: string, report: string | undefined): Promise<number> {
  const args = ['--import', 'tsx', join(projectRoot(), 'src', 'cli', 'main.ts'), 'contract', '--target', 'live'];
  args.push('--provider', SLUG, ...(report ? ['--drift-report', report] : []));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: projectRoot(),
      env: { ...process.env, HALOUBI_GATEWAY_BASE_URL: baseUrl, HALOUBI_API_KEY: 'test_key', NO_COLOR: '1' },
      stdio: 'ignore',
    });
    child.once('error', reject);
    // The scenarios' verdict does not matter here, only how long the run took.
    child.once('exit', () => resolve(performance.now() - started));
  });
}

export async function runDriftCaptureBenchmark(options: { rounds: number }): Promise<string> {
  const sandbox = await startSandbox(SLUG, { rateLimit: false });
  const dir = await mkdtemp(join(tmpdir(), 'paycontracts-bench-drift-'));
  try {
    const times = await alternate(VARIANTS, options.rounds, (variant, round) =>
      runLive(sandbox.url, variant === 'with --drift-report' ? join(dir, `drift-${round}.json`) : undefined),
    );
    const without = times['without capture'];
    const ratios = times['with --drift-report'].map((t, i) => t / (without[i] ?? t));
    const overhead = summarize(ratios.map((r) => (r - 1) * 100));
    return [
      `\`paycontracts contract --target live --provider ${SLUG}\` against a local sandbox through prism proxy, wall time in ms:`,
      '',
      '| variant | wall time (ms) |',
      '|---|---|',
      ...VARIANTS.map((v) => `| ${v} | ${spread(summarize(times[v]))} |`),
      '',
      `Capture overhead: ${fmt(overhead.median, 1)} % of the run's wall time (per-round ratios, ${fmt(overhead.min, 1)} to ${fmt(overhead.max, 1)} %, n=${overhead.runs}); the target is at most 10 %.`,
      '',
    ].join('\n');
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}
