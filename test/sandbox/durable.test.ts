import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { runCli, startCli } from '../cli/cli-process.js';
import { runBounded } from '../reliability/support/bounded-pool.js';

const authorizeBody = {
  amount: 9999,
  currency: 'MAD',
  card: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123' },
  description: 'Order #12345',
};
const headers = { 'x-api-key': 'test_durable', 'content-type': 'application/json' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paycontracts-durable-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** A webhook receiver that answers `status()` and counts what it got. */
async function receiver(status: () => number): Promise<{ url: string; received: string[]; server: Server }> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body).type);
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, server };
}

interface Acknowledged {
  id: string;
  key: string;
}

/** Authorizes until stopped, `lanes` at a time; returns every payment the sandbox acknowledged with a 2xx. */
function writeStream(url: string, lanes: number) {
  const acknowledged: Acknowledged[] = [];
  let running = true;
  let n = 0;
  const lane = async () => {
    while (running) {
      const key = `order-${n++}`;
      try {
        const reply = await fetch(`${url}/api/v1/payments/authorize`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': key },
          body: JSON.stringify(authorizeBody),
        });
        if (reply.ok) acknowledged.push({ id: ((await reply.json()) as { id: string }).id, key });
      } catch {
        return; // the sandbox was killed under this request: it was never acknowledged
      }
    }
  };
  const done = Promise.all(Array.from({ length: lanes }, lane));
  return {
    acknowledged,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe('--data: a sandbox killed with SIGKILL during a stream of writes', () => {
  test('keeps every acknowledged payment, its idempotent replays and its pending webhook retries', async () => {
    let answer = 500;
    const hooks = await receiver(() => answer);
    const file = join(dir, 'killed.db');
    const args = ['sandbox', 'haloubi-gateway', '--data', file, '--no-rate-limit', '--webhook-url', hooks.url];
    try {
      const first = await startCli(args);
      const stream = writeStream(first.url, 8);
      await expect.poll(() => stream.acknowledged.length, { timeout: 20_000 }).toBeGreaterThan(150);
      expect(await first.stop('SIGKILL')).toBe(null);
      await stream.stop();
      const acknowledged = [...stream.acknowledged];
      const receivedAtKill = hooks.received.length;

      const second = await startCli(args);
      try {
        // Only first attempts the kill cut off are sent at restart; the others wait for their retry's time.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(hooks.received.length - receivedAtKill).toBeLessThan(40);
        const restored = await runBounded(acknowledged.length, 16, async (i) => {
          const { id } = acknowledged[i] as Acknowledged;
          const reply = await fetch(`${second.url}/api/v1/payments/${id}`, { headers });
          return { id, status: reply.status, body: await reply.json() };
        });
        for (const { id, status, body } of restored) {
          expect(status, id).toBe(200);
          expect(body).toMatchObject({ id, status: 'authorized', amount: 9999, currency: 'MAD' });
        }
        const last = acknowledged.at(-1) as Acknowledged;
        const replay = await fetch(`${second.url}/api/v1/payments/authorize`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': last.key },
          body: JSON.stringify(authorizeBody),
        });
        expect(((await replay.json()) as { id: string }).id).toBe(last.id);
        const conflict = await fetch(`${second.url}/api/v1/payments/authorize`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': last.key },
          body: JSON.stringify({ ...authorizeBody, amount: 1 }),
        });
        expect(conflict.status).toBe(409);

        // Every authorization's payment.authorized failed once (500): its retry is due 300 s later, sandbox time.
        const control = { headers: { ...headers } };
        const pending = await fetch(`${second.url}/__sandbox/webhooks?limit=1000`, control);
        const log = (await pending.json()) as { deliveries: { state: string }[] };
        expect(log.deliveries.filter((d) => d.state === 'pending').length).toBeGreaterThanOrEqual(acknowledged.length);
        answer = 200;
        const before = hooks.received.length;
        await fetch(`${second.url}/__sandbox/clock/advance`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ seconds: 301 }),
        });
        expect(hooks.received.length - before).toBeGreaterThanOrEqual(acknowledged.length);
        const after = (await (await fetch(`${second.url}/__sandbox/webhooks?limit=1000`, control)).json()) as {
          deliveries: { state: string }[];
        };
        expect(after.deliveries.filter((d) => d.state === 'pending')).toEqual([]);
      } finally {
        expect(await second.stop('SIGTERM')).toBe(0);
      }
    } finally {
      hooks.server.close();
    }
  }, 90_000);
});

describe('--data: what a restart restores, per tenant', () => {
  test('rate-limit windows, webhook endpoints set at run time, and tenants kept apart', async () => {
    const file = join(dir, 'tenants.db');
    const delivered: string[] = [];
    const options = {
      data: file,
      rateLimit: 3,
      fetch: async (url: string | URL | Request) => {
        delivered.push(String(url));
        return new Response(null, { status: 200 });
      },
    };
    const authorize = (url: string, key: string) =>
      fetch(`${url}/api/v1/payments/authorize`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify(authorizeBody),
      });
    const first = await startSandbox('haloubi-gateway', options);
    await fetch(`${first.url}/__sandbox/webhook-endpoint`, {
      method: 'PUT',
      headers: { 'x-api-key': 'test_rate_a', 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/tenant-a' }),
    });
    for (let i = 0; i < 3; i++) expect((await authorize(first.url, 'test_rate_a')).status).toBe(200);
    const { id } = (await (await authorize(first.url, 'test_rate_b')).json()) as { id: string };
    await first.close();

    const second = await startSandbox('haloubi-gateway', options);
    try {
      delivered.length = 0;
      expect((await authorize(second.url, 'test_rate_a')).status, 'the window survived the restart').toBe(429);
      expect((await authorize(second.url, 'test_rate_b')).status).toBe(200);
      const b = await fetch(`${second.url}/api/v1/payments/${id}`, { headers: { 'x-api-key': 'test_rate_b' } });
      const other = await fetch(`${second.url}/api/v1/payments/${id}`, { headers: { 'x-api-key': 'test_key' } });
      expect([b.status, other.status]).toEqual([200, 404]);
      await fetch(`${second.url}/__sandbox/clock/advance`, {
        method: 'POST',
        headers: { 'x-api-key': 'test_rate_a', 'content-type': 'application/json' },
        // Both documented windows (a second, an hour) pass on tenant A's clock.
        body: JSON.stringify({ seconds: 3601 }),
      });
      expect((await authorize(second.url, 'test_rate_a')).status).toBe(200);
      await second.webhooks.settle();
      await expect.poll(() => delivered, { timeout: 5_000 }).toContain('http://127.0.0.1:9/tenant-a');
      expect(second.tenantCount()).toBe(3);
    } finally {
      await second.close();
    }
  });
});

describe('--data: the clock', () => {
  test('an in-process advance is kept as a control-API one is: an authorization expired after 7 days stays so', async () => {
    const file = join(dir, 'clock.db');
    const first = await startSandbox('haloubi-gateway', { data: file });
    const created = await fetch(`${first.url}/api/v1/payments/authorize`, {
      method: 'POST',
      headers: { 'x-api-key': 'test_key', 'content-type': 'application/json' },
      body: JSON.stringify(authorizeBody),
    });
    const { id } = (await created.json()) as { id: string };
    await first.clock.advance(8 * 24 * 3600);
    const before = await (
      await fetch(`${first.url}/api/v1/payments/${id}`, { headers: { 'x-api-key': 'test_key' } })
    ).json();
    expect(before).toMatchObject({ id, status: 'expired' });
    await first.close();
    const second = await startSandbox('haloubi-gateway', { data: file });
    try {
      const after = await fetch(`${second.url}/api/v1/payments/${id}`, { headers: { 'x-api-key': 'test_key' } });
      expect(await after.json()).toMatchObject({ id, status: 'expired' });
      expect(second.clock.aheadSeconds).toBeGreaterThanOrEqual(8 * 24 * 3600);
    } finally {
      await second.close();
    }
  });
});

describe('--data: files the sandbox refuses', () => {
  test('a second process on the same file fails at start with a clear message', async () => {
    const file = join(dir, 'shared.db');
    const first = await startCli(['sandbox', 'alyapay', '--data', file]);
    try {
      const second = await runCli(['sandbox', 'alyapay', '--data', file]);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/is in use by another sandbox process; several processes must not share one file/);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
  }, 60_000);

  test('a database written by a newer version is refused, never misread', async () => {
    const file = join(dir, 'newer.db');
    const first = await startSandbox('alyapay', { data: file });
    await first.close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    await expect(startSandbox('alyapay', { data: file })).rejects.toThrow(
      /was written by a newer paycontracts \(schema 99; this one reads up to 1\)/,
    );
  });

  test.each([
    ['another provider’s file', 'haloubi-gateway', /holds a haloubi-gateway sandbox, not alyapay/],
    ['a file that is not a database', 'text', /is not a sandbox data file/],
    ['another program’s database', 'sqlite', /not a sandbox data file/],
  ])('%s', async (_name, kind, message) => {
    const file = join(dir, `${kind}.db`);
    if (kind === 'text') await writeFile(file, 'hello, this is not SQLite\n'.repeat(10));
    else if (kind === 'sqlite') new Database(file).exec('CREATE TABLE notes (text TEXT)');
    else await (await startSandbox('haloubi-gateway', { data: file })).close();
    await expect(startSandbox('alyapay', { data: file })).rejects.toThrow(message);
  });
});
