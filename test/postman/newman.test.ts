import { readFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import newman, { type NewmanRunSummary } from 'newman';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROVIDER_SLUGS, type ProviderSlug } from '../../src/core/providers.js';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

interface Item {
  name: string;
  item?: Item[];
}
interface Environment {
  values: { key: string; value: string }[];
}

const generated = (slug: string, file: string) => join(projectRoot(), 'generated', slug, file);
const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

/** The committed collection's Flow folder, run by newman as a library against `baseUrl` with the sandbox environment. */
async function runFlow(
  slug: ProviderSlug,
  baseUrl: string,
  environmentFile = 'postman.sandbox.json',
): Promise<{ summary: NewmanRunSummary; names: string[] }> {
  const collection = await readJson<{ item: Item[] }>(generated(slug, 'postman.json'));
  const environment = await readJson<Environment>(generated(slug, environmentFile));
  const base = environment.values.find((v) => v.key === 'baseUrl');
  if (!base) throw new Error(`${slug}: postman.sandbox.json has no baseUrl.`);
  base.value = baseUrl;
  const folder = collection.item.find((f) => f.name === 'Flow');
  const summary = await new Promise<NewmanRunSummary>((resolve, reject) =>
    newman.run({ collection, environment, folder: 'Flow', reporters: [], timeoutRequest: 10_000 }, (error, s) =>
      error ? reject(error) : resolve(s),
    ),
  );
  return { summary, names: (folder?.item ?? []).map((i) => i.name) };
}

/** Every assertion that failed, as "request: assertion: message". */
function failuresOf(summary: NewmanRunSummary): string[] {
  return summary.run.executions.flatMap((e) =>
    (e.assertions ?? []).filter((a) => a.error).map((a) => `${e.item.name}: ${a.assertion}: ${a.error?.message}`),
  );
}

describe.each(PROVIDER_SLUGS)('%s Postman flow against a fresh sandbox', (slug) => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(slug, { port: 0 });
  });
  afterAll(() => sandbox?.close());

  test('every request of the Flow folder runs, in order, and passes all its checks', async () => {
    const { summary, names } = await runFlow(slug, sandbox.url);
    expect(names.length).toBeGreaterThan(1);
    expect(summary.run.executions.map((e) => e.item.name)).toEqual(names);
    for (const execution of summary.run.executions)
      expect(execution.assertions?.length ?? 0, `${execution.item.name} asserts something`).toBeGreaterThan(0);
    expect(failuresOf(summary)).toEqual([]);
    expect(summary.run.failures.map((f) => `${f.source?.name}: ${f.error.message}`)).toEqual([]);
  });
});

/** A proxy in front of a sandbox that rewrites each reply with `alter`, and records the paths asked for. */
async function alteringProxy(
  target: string,
  alter: (status: number, body: string) => { status: number; body: string },
): Promise<{ url: string; server: Server; paths: string[] }> {
  const upstream = new URL(target);
  const paths: string[] = [];
  const server = createServer((incoming, outgoing) => {
    paths.push(String(incoming.url));
    const forwarded = request(
      target + incoming.url,
      { method: incoming.method, headers: { ...incoming.headers, host: upstream.host } },
      (reply) => {
        const chunks: Buffer[] = [];
        reply.on('data', (c: Buffer) => chunks.push(c));
        reply.on('end', () => {
          const changed = alter(reply.statusCode ?? 500, Buffer.concat(chunks).toString('utf8'));
          const { 'content-length': _length, 'transfer-encoding': _encoding, ...headers } = reply.headers;
          outgoing.writeHead(changed.status, headers).end(changed.body);
        });
      },
    );
    forwarded.on('error', (error) => outgoing.writeHead(502).end(error.message));
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, paths };
}

describe('a broken AlyaPay sandbox fails the Postman run', () => {
  let sandbox: RunningSandbox;
  const proxies: Server[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox('alyapay', { port: 0 });
  });
  afterAll(async () => {
    for (const proxy of proxies) await new Promise((resolve) => proxy.close(resolve));
    await sandbox?.close();
  });

  test('a reply whose string fields turn into numbers fails the schema check', async () => {
    const proxy = await alteringProxy(sandbox.url, (status, body) => {
      if (!body.startsWith('{')) return { status, body };
      const parsed = JSON.parse(body) as Record<string, unknown>;
      for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') parsed[key] = 1;
      return { status, body: JSON.stringify(parsed) };
    });
    proxies.push(proxy.server);
    const { summary } = await runFlow('alyapay', proxy.url);
    const failures = failuresOf(summary);
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^Create a payment session: the body matches the 200 response schema: .*session_token should be string/s,
      ),
    );
    expect(failures.some((f) => f.includes('the status'))).toBe(false);
  });

  test('a status the spec does not document fails the status check', async () => {
    const proxy = await alteringProxy(sandbox.url, (status, body) => ({ status: status === 200 ? 203 : status, body }));
    proxies.push(proxy.server);
    const { summary } = await runFlow('alyapay', proxy.url);
    expect(failuresOf(summary)).toContainEqual(
      expect.stringMatching(/^Create a payment session: the status \(203\) is one the spec documents: .*'203'/),
    );
  });
});

test('with the live environment, the flow skips the sandbox control calls', async () => {
  const sandbox = await startSandbox('alyapay', { port: 0 });
  const proxy = await alteringProxy(sandbox.url, (status, body) => ({ status, body }));
  try {
    const { summary } = await runFlow('alyapay', proxy.url, 'postman.live.json');
    expect(proxy.paths.filter((p) => p.startsWith('/__sandbox'))).toEqual([]);
    // No credential in the live environment: the sandbox answers AlyaPay's documented 401, which the checks accept
    // as documented but not as the flow's step.
    const failures = failuresOf(summary);
    expect(failures).toContainEqual(
      expect.stringMatching(/^Create a payment session: the flow step succeeds \(200\): .* got 401/),
    );
    expect(failures.filter((f) => f.startsWith('Create a payment session: the status'))).toEqual([]);
  } finally {
    await new Promise((resolve) => proxy.server.close(resolve));
    await sandbox.close();
  }
});
