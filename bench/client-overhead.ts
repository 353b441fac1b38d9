// Benchmark 2: sequential requests to a local bare server through raw fetch, bare openapi-fetch, and our client
// (auth, retry wiring, request id) with validation off and on. Batches alternate; ratios are per round.
import createClient from 'openapi-fetch';
import type { paths } from '../generated/alyapay/schema.js';
import { createAlyaPayClient } from '../src/providers/alyapay/index.js';
import { startBenchServer } from './servers.js';
import { alternate, fmt, spread, summarize } from './stats.js';

const body = {
  total: '1799.00',
  currency: 'MAD' as const,
  items: [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }],
};

export async function runClientOverheadBenchmark(opts: { requests: number; rounds: number }): Promise<string> {
  const server = await startBenchServer('bare', 'alyapay');
  try {
    const url = server.url;
    const bare = createClient<paths>({ baseUrl: url });
    const ours = createAlyaPayClient({ baseUrl: url, apiKey: 'test_key', validate: 'off' });
    const validating = createAlyaPayClient({ baseUrl: url, apiKey: 'test_key', validate: 'both' });
    const calls = {
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
    const names = Object.keys(calls) as (keyof typeof calls)[];
    for (const name of names) for (let i = 0; i < 200; i++) await calls[name](); // warm-up
    const perCallUs = await alternate(names, opts.rounds, async (name) => {
      const started = performance.now();
      for (let i = 0; i < opts.requests; i++) await calls[name]();
      return ((performance.now() - started) * 1000) / opts.requests;
    });
    const ratio = (a: number[], b: number[]) => summarize(a.map((x, i) => x / b[i]!));
    const lines = [
      `${opts.requests} sequential POSTs per batch, ${opts.rounds} alternating rounds, to a bare node:http server on loopback.`,
      '',
      '| client | µs per call, median (min–max) | vs openapi-fetch |',
      '|---|---|---|',
      ...names.map(
        (n) =>
          `| ${n} | ${spread(summarize(perCallUs[n]), 1)} | ${fmt(ratio(perCallUs[n], perCallUs['openapi-fetch']).median, 3)}× |`,
      ),
      '',
      `- openapi-fetch / raw fetch: **${fmt(ratio(perCallUs['openapi-fetch'], perCallUs['raw fetch']).median, 3)}×**`,
      `- our client (validation off) / openapi-fetch: **${fmt(ratio(perCallUs['paycontracts (validate off)'], perCallUs['openapi-fetch']).median, 3)}×** (target ≤ 1.05×)`,
      `- validation's own cost: **${fmt(summarize(perCallUs['paycontracts (validate both)'].map((x, i) => x - perCallUs['paycontracts (validate off)'][i]!)).median, 1)} µs per call** (request and response)`,
      '',
    ];
    return lines.join('\n');
  } finally {
    await server.stop();
  }
}
