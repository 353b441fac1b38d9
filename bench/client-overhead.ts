// Benchmark 2: sequential requests to a local bare server through raw fetch, bare openapi-fetch, and our client
// (auth, retry wiring, request id) with validation off and on. The quantity of interest is a ratio of a few per cent
// on a noisy shared machine, so it is taken per round (calls of the variants interleaved one by one), over many
// rounds, and reported as the median ratio with a distribution-free 95 % confidence interval: the interval has to be
// narrower than the 5 % being judged. Mean time per call (GC included) swings with every call the scheduler delays on
// a loaded machine; each round's median call does not, and gives the narrow interval.
import createClient from 'openapi-fetch';
import type { paths } from '../generated/alyapay/schema.js';
import { createAlyaPayClient } from '../src/providers/alyapay/index.js';
import { startBenchServer } from './servers.js';
import { fmt, spread, summarize } from './stats.js';

const body = {
  total: '1799.00',
  currency: 'MAD' as const,
  items: [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }],
};

/** The median of `values` and the order statistics that bound it with at least 95 % confidence (binomial, exact). */
export function medianWithInterval(values: number[]): { median: number; low: number; high: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = summarize(sorted).median;
  // With X ~ Binomial(n, 1/2), the 0-based order statistics [j, n-1-j] cover the median with probability
  // 1 - 2 P(X ≤ j): take the largest j that keeps that at 95 % or more.
  let j = 0;
  let tail = 0.5 ** n; // P(X = 0)
  let term = tail;
  while (j + 1 < n / 2) {
    term = (term * (n - j)) / (j + 1); // P(X = j + 1)
    if (2 * (tail + term) > 0.05) break;
    tail += term;
    j++;
  }
  const low = sorted[Math.min(j, n - 1)] ?? Number.NaN;
  const high = sorted[Math.max(n - 1 - j, 0)] ?? Number.NaN;
  return { median, low, high, n };
}

function interval(values: number[], digits: number): string {
  const { median, low, high, n } = medianWithInterval(values);
  return `${fmt(median, digits)}× (95 % CI ${fmt(low, digits)}–${fmt(high, digits)}, n=${n})`;
}

function callsAgainst(url: string) {
  const bare = createClient<paths>({ baseUrl: url });
  const ours = createAlyaPayClient({ baseUrl: url, apiKey: 'test_key', validate: 'off' });
  const validating = createAlyaPayClient({ baseUrl: url, apiKey: 'test_key', validate: 'both' });
  return {
    'raw fetch': async () => {
      const r = await fetch(`${url}/api/v1/public/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-API-Key': 'test_key' },
        body: JSON.stringify(body),
      });
      await r.json();
    },
    'openapi-fetch': async () => {
      await bare.POST('/api/v1/public/sessions', { body, headers: { 'X-API-Key': 'test_key' } });
    },
    'paycontracts (validate off)': async () => {
      await ours.POST('/api/v1/public/sessions', { body });
    },
    'paycontracts (validate both)': async () => {
      await validating.POST('/api/v1/public/sessions', { body });
    },
  } as const;
}

type Variant = keyof ReturnType<typeof callsAgainst>;

type PerRound = Record<Variant, number[]>;

/**
 * µs per call of every variant, one figure per round, in wall time and in this process's CPU time (the server runs in
 * its own process, so CPU time is the client's own work, and is less disturbed by other processes on a shared
 * machine). Calls are interleaved one by one (A B C D A B C D …, the order rotated every round) rather than run in
 * batches, so a burst of load from another process falls on every variant alike.
 */
async function measureRounds(
  calls: Record<Variant, () => Promise<void>>,
  opts: { requests: number; rounds: number },
): Promise<{ wall: PerRound; cpu: PerRound; typical: PerRound }> {
  const names = Object.keys(calls) as Variant[];
  const empty = () => Object.fromEntries(names.map((n) => [n, [] as number[]])) as PerRound;
  const wall = empty();
  const cpu = empty();
  const typical = empty();
  for (let round = 0; round < opts.rounds; round++) {
    const order = names.map((_, k) => names[(round + k) % names.length] as Variant);
    const wallUs = new Map<Variant, number>(names.map((n) => [n, 0]));
    const cpuUs = new Map<Variant, number>(names.map((n) => [n, 0]));
    const perCall = new Map<Variant, number[]>(names.map((n) => [n, []]));
    for (let i = 0; i < opts.requests; i++) {
      for (const name of order) {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        await calls[name]();
        const us = (performance.now() - started) * 1000;
        wallUs.set(name, (wallUs.get(name) ?? 0) + us);
        perCall.get(name)?.push(us);
        const used = process.cpuUsage(cpuBefore);
        cpuUs.set(name, (cpuUs.get(name) ?? 0) + used.user + used.system);
      }
    }
    for (const name of names) {
      wall[name].push((wallUs.get(name) ?? 0) / opts.requests);
      cpu[name].push((cpuUs.get(name) ?? 0) / opts.requests);
      typical[name].push(summarize(perCall.get(name) ?? []).median);
    }
  }
  return { wall, cpu, typical };
}

/** Calls per variant in one round: short rounds, so there are many of them for the interval. */
const MAX_CALLS_PER_ROUND = 100;

/**
 * `requests × rounds` calls per variant in all, measured in rounds of at most 100 calls each (2000 × 7 becomes 140
 * rounds of 100): the same budget, and enough rounds for the interval of the median to be narrower than 5 %.
 */
export async function runClientOverheadBenchmark(opts: { requests: number; rounds: number }): Promise<string> {
  const requests = Math.min(opts.requests, MAX_CALLS_PER_ROUND);
  const rounds = Math.max(opts.rounds, Math.round((opts.requests * opts.rounds) / requests));
  const server = await startBenchServer('bare', 'alyapay');
  try {
    return await measureClientOverhead(server.url, { requests, rounds });
  } finally {
    await server.stop();
  }
}

/** The comparison against a server already listening at `url`. */
export async function measureClientOverhead(url: string, opts: { requests: number; rounds: number }): Promise<string> {
  const calls = callsAgainst(url);
  const names = Object.keys(calls) as Variant[];
  for (const name of names) for (let i = 0; i < 500; i++) await calls[name](); // warm-up: JIT and keep-alive
  const { wall, cpu, typical } = await measureRounds(calls, opts);
  const ratio = (us: PerRound, a: Variant, b: Variant) => us[a].map((x, i) => x / (us[b][i] ?? Number.NaN));
  const ours = 'paycontracts (validate off)';
  const validationCost = wall['paycontracts (validate both)'].map((x, i) => x - (wall[ours][i] ?? Number.NaN));
  const row = (n: Variant) =>
    `| ${n} | ${spread(summarize(wall[n]), 1)} | ${interval(ratio(wall, n, 'openapi-fetch'), 3)} | ${fmt(summarize(cpu[n]).median, 1)} | ${interval(ratio(cpu, n, 'openapi-fetch'), 3)} |`;
  const lines = [
    `${opts.requests} sequential POSTs per variant and round, ${opts.rounds} rounds, the variants' calls interleaved one by one (order rotated per round), to a bare node:http server in its own process on loopback. Ratios are taken per round; the interval is a distribution-free 95 % confidence interval of their median. CPU is this process's user + system time per call, i.e. the client side's own work.`,
    '',
    '| client | wall µs per call, median (min–max) | wall vs openapi-fetch | CPU µs per call | CPU vs openapi-fetch |',
    '|---|---|---|---|---|',
    ...names.map(row),
    '',
    `- openapi-fetch / raw fetch: wall **${interval(ratio(wall, 'openapi-fetch', 'raw fetch'), 3)}**, CPU **${interval(ratio(cpu, 'openapi-fetch', 'raw fetch'), 3)}**`,
    `- our client (validation off) / openapi-fetch: wall **${interval(ratio(wall, ours, 'openapi-fetch'), 3)}**, CPU **${interval(ratio(cpu, ours, 'openapi-fetch'), 3)}** (target ≤ 1.05×)`,
    `- the same on the typical call (each round's median call, so a call the scheduler delayed does not count): wall **${interval(ratio(typical, ours, 'openapi-fetch'), 3)}**`,
    `- validation's own cost: **${fmt(summarize(validationCost).median, 1)} µs per call** of wall time (request and response)`,
    '',
  ];
  return lines.join('\n');
}
