import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { CLI, expectUsageError, runCli } from './cli-process.js';

const API_KEY = 'test_key';
const CARD = '4242424242424242';

function authorize(sandbox: RunningSandbox, amount: number, cvv = '123'): Promise<Response> {
  return fetch(`${sandbox.url}/api/v1/payments/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ amount, currency: 'MAD', card: { number: CARD, exp_month: 12, exp_year: 2099, cvv } }),
  });
}

describe('paycontracts logs', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox('haloubi-gateway');
    expect((await authorize(sandbox, 1000)).status).toBe(200);
    expect(
      (await fetch(`${sandbox.url}/api/v1/payments/pay_missing`, { headers: { 'x-api-key': API_KEY } })).status,
    ).toBe(404);
  });
  afterAll(() => sandbox.close());

  test('prints the recent requests oldest first, with time, method, status, latency, id and path, no secret', async () => {
    const result = await runCli(['logs', sandbox.url]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}POST {3}200 +[\d.]+ ms {2}\S+ {2}\/api\/v1\/payments\/authorize$/,
    );
    expect(lines[1]).toMatch(/ GET {4}404 .* \/api\/v1\/payments\/pay_missing$/);
    expect(result.stdout).not.toContain(API_KEY);
    expect(result.stdout).not.toContain(CARD);
  });

  test('--status and --path filter', async () => {
    const notFound = await runCli(['logs', sandbox.url, '--status', '4xx']);
    expect(notFound.stdout.trim().split('\n')).toEqual([expect.stringMatching(/ 404 .*pay_missing$/)]);
    const authorizes = await runCli(['logs', sandbox.url, '--path', '/api/v1/payments/authorize']);
    expect(authorizes.stdout.trim().split('\n')).toEqual([expect.stringMatching(/ POST {3}200 /)]);
  });

  test('--follow shows a request made after it started', async () => {
    const child = spawn(process.execPath, [...CLI, 'logs', sandbox.url, '--follow', '--interval', '100'], {
      cwd: projectRoot(),
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const waiting = new Set<() => void>();
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      for (const check of waiting) check();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const printed = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`logs --follow never printed ${pattern}:\n${stdout}`)), 20_000);
        const check = () => {
          if (!pattern.test(stdout)) return;
          clearTimeout(timer);
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
      });
    try {
      await printed(/pay_missing\n/);
      expect(stdout).not.toContain('/api/v1/transactions');
      const later = printed(/GET {4}200 .*\/api\/v1\/transactions\?limit=3\n/);
      expect(
        (await fetch(`${sandbox.url}/api/v1/transactions?limit=3`, { headers: { 'x-api-key': API_KEY } })).status,
      ).toBe(200);
      await later;
      // Printed once, though every poll sees it again.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stdout.match(/transactions\?limit=3/g), stdout).toHaveLength(1);
    } finally {
      child.kill('SIGINT');
      await exited;
    }
  });

  test('a sandbox that is not there, or a filter it refuses, is one clear line and exit 2', async () => {
    expectUsageError(
      await runCli(['logs', 'http://127.0.0.1:9']),
      /No paycontracts sandbox answers at http:\/\/127\.0\.0\.1:9 /,
    );
    expectUsageError(await runCli(['logs', sandbox.url, '--status', 'bad']), /The sandbox refused: .*status/);
    expectUsageError(await runCli(['logs', sandbox.url, '--header', 'nocolon']), /is not a header/);
  });
});
