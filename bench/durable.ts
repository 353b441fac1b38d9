// Benchmark 8: the cost of durable state. Haloubi authorize against one sandbox in memory and one with `--data`
// (every request journaled to SQLite before its reply), each in its own process, autocannon alternating rounds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type RunningServer, startServerProcess } from '../src/devtools/server-process.js';
import { projectRoot } from '../src/pipeline/project-root.js';
import { LOAD_CASES, loadOnce, type Run } from './load.js';
import { alternate, fmt, spread, summarize } from './stats.js';

type Kind = 'memory' | 'data';

async function startSandboxProcess(data: string | undefined): Promise<RunningServer> {
  const port = await freePort();
  return startServerProcess(process.execPath, [join(projectRoot(), 'bench', 'sandbox-server.mjs')], {
    url: `http://127.0.0.1:${port}`,
    env: { PORT: String(port), SLUG: 'haloubi-gateway', DATA: data ?? '' },
  });
}

export async function runDurableBenchmark(opts: { seconds: number; rounds: number; connections: number }) {
  const c = LOAD_CASES.find((x) => x.name === 'Haloubi authorize');
  if (!c) throw new Error('The load cases have no Haloubi authorize.');
  const dir = await mkdtemp(join(tmpdir(), 'paycontracts-bench-'));
  const servers: Record<Kind, RunningServer> = {
    memory: await startSandboxProcess(undefined),
    data: await startSandboxProcess(join(dir, 'haloubi.db')),
  };
  const details: Record<Kind, Run[]> = { memory: [], data: [] };
  try {
    const rps = await alternate(['memory', 'data'] as Kind[], opts.rounds, async (kind) => {
      const run = await loadOnce(servers[kind].url, c, opts.seconds, opts.connections);
      details[kind].push(run);
      return run.rps;
    });
    const ratio = summarize(rps.data.map((x, i) => x / (rps.memory[i] as number)));
    const row = (label: string, kind: Kind) => {
      const d = details[kind];
      return `| ${label} | ${spread(summarize(rps[kind]))} | ${fmt(summarize(d.map((x) => x.p50)).median, 1)} | ${fmt(summarize(d.map((x) => x.p99)).median, 1)} | ${d.reduce((a, x) => a + x.non2xx, 0)} | ${d.reduce((a, x) => a + x.errors, 0)} |`;
    };
    return [
      `### ${c.name} (POST ${c.path}), ${opts.connections} connections, ${opts.seconds} s × ${opts.rounds} rounds`,
      '',
      '| sandbox | req/s median (min–max) | p50 ms | p99 ms | non-2xx | errors |',
      '|---|---|---|---|---|---|',
      row('in memory', 'memory'),
      row('`--data` (SQLite journal, WAL, one transaction per request)', 'data'),
      '',
      `- \`--data\` / in memory throughput: **${fmt(ratio.median * 100, 0)} %** (per-round ${fmt(ratio.min * 100, 0)}–${fmt(ratio.max * 100, 0)} %; target ≥ 50 %)`,
      '',
    ].join('\n');
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}
