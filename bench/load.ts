// Benchmark 1: our sandbox vs `prism mock` vs a bare node:http server, same endpoint and body, autocannon in a
// separate process with the same concurrency for all three, rounds alternating.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type ServerKind, startBenchServer } from './servers.js';
import { alternate, fmt, spread, summarize } from './stats.js';

const require = createRequire(import.meta.url);
const autocannon = join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js');

export interface LoadCase {
  name: string;
  slug: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export const LOAD_CASES: LoadCase[] = [
  {
    name: 'AlyaPay create session',
    slug: 'alyapay',
    path: '/api/v1/public/sessions',
    headers: { 'X-API-Key': 'test_key', 'content-type': 'application/json' },
    body: {
      total: '1799.00',
      currency: 'MAD',
      items: [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }],
    },
  },
  {
    name: 'Haloubi authorize',
    slug: 'haloubi-gateway',
    path: '/api/v1/payments/authorize',
    headers: { 'X-API-Key': 'test_key', 'content-type': 'application/json' },
    body: {
      amount: 9999,
      currency: 'MAD',
      card: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123' },
      description: 'Order #12345',
    },
  },
];

export interface Run {
  rps: number;
  /** requests answered in the measured seconds */
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export async function loadOnce(url: string, c: LoadCase, seconds: number, connections: number): Promise<Run> {
  const args = [
    autocannon,
    '-j',
    '-c',
    String(connections),
    '-d',
    String(seconds),
    '-m',
    'POST',
    '-b',
    JSON.stringify(c.body),
  ];
  for (const [k, v] of Object.entries(c.headers)) args.push('-H', `${k}=${v}`);
  args.push(`${url}${c.path}`);
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  return {
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** `, missed by N×` when `shortfall` (how many times over the target the figure is) is above 1. */
function missedBy(shortfall: number): string {
  return shortfall > 1 ? `, missed by ${fmt(shortfall, 2)}×` : ', met';
}

export async function runLoadBenchmark(opts: {
  seconds: number;
  rounds: number;
  connections: number;
}): Promise<string> {
  const lines: string[] = [];
  for (const c of LOAD_CASES) {
    const kinds: ServerKind[] = ['sandbox', 'prism', 'bare'];
    const servers = Object.fromEntries(
      await Promise.all(kinds.map(async (k) => [k, await startBenchServer(k, c.slug)] as const)),
    );
    const details: Record<string, Run[]> = { sandbox: [], prism: [], bare: [] };
    try {
      const rps = await alternate(kinds, opts.rounds, async (kind) => {
        const run = await loadOnce(servers[kind]!.url, c, opts.seconds, opts.connections);
        details[kind]!.push(run);
        return run.rps;
      });
      const s = { sandbox: summarize(rps.sandbox), prism: summarize(rps.prism), bare: summarize(rps.bare) };
      lines.push(
        `### ${c.name} (POST ${c.path}), ${opts.connections} connections, ${opts.seconds} s × ${opts.rounds} rounds`,
      );
      lines.push('');
      lines.push('| server | req/s median (min–max) | p50 ms | p99 ms | non-2xx | errors |');
      lines.push('|---|---|---|---|---|---|');
      for (const kind of kinds) {
        const d = details[kind]!;
        lines.push(
          `| ${kind === 'bare' ? 'bare node:http (floor)' : kind === 'prism' ? 'prism mock' : 'paycontracts sandbox'} | ${spread(s[kind])} | ${fmt(summarize(d.map((x) => x.p50)).median, 1)} | ${fmt(summarize(d.map((x) => x.p99)).median, 1)} | ${d.reduce((a, x) => a + x.non2xx, 0)} | ${d.reduce((a, x) => a + x.errors, 0)} |`,
        );
      }
      const perRound = (a: number[], b: number[]) => summarize(a.map((x, i) => x / b[i]!));
      lines.push('');
      lines.push(
        `- sandbox / prism throughput: **${fmt(perRound(rps.sandbox, rps.prism).median, 1)}×** (per-round ratios ${fmt(perRound(rps.sandbox, rps.prism).min, 1)}–${fmt(perRound(rps.sandbox, rps.prism).max, 1)}; target ≥ 20×${missedBy(20 / perRound(rps.sandbox, rps.prism).median)})`,
      );
      lines.push(
        `- bare / sandbox throughput: **${fmt(perRound(rps.bare, rps.sandbox).median, 2)}×** (per-round ${fmt(perRound(rps.bare, rps.sandbox).min, 2)}–${fmt(perRound(rps.bare, rps.sandbox).max, 2)}; target ≤ 2×${missedBy(perRound(rps.bare, rps.sandbox).median / 2)})`,
      );
      lines.push('');
    } finally {
      await Promise.all(Object.values(servers).map((s) => s.stop()));
    }
  }
  return lines.join('\n');
}
