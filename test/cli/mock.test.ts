import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { expectUsageError, runCli, startCli } from './cli-process.js';

test('mock serves the bundled spec through Prism and stops it by PID on SIGTERM', async () => {
  const cli = await startCli(['mock', 'alyapay', '--port', '0'], 90_000);
  await expect.poll(() => cli.stderr()).toMatch(/pid \d+/);
  const prismPid = Number(/pid (\d+)/.exec(cli.stderr())![1]);
  try {
    expect(cli.stdout()).toBe(`listening on ${cli.url}\n`);
    const spec = JSON.parse(
      await readFile(join(import.meta.dirname, '..', '..', 'generated', 'alyapay', 'openapi.json'), 'utf8'),
    );
    const example = spec.paths['/api/v1/public/sessions'].post.requestBody.content['application/json'].example;
    const response = await fetch(`${cli.url}/api/v1/public/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-API-Key': 'k' },
      body: JSON.stringify(example),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty('session_token');
    // Prism validates requests against the spec: no key, no session.
    expect(
      (
        await fetch(`${cli.url}/api/v1/public/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(example),
        })
      ).status,
    ).toBe(401);
  } finally {
    expect(await cli.stop('SIGTERM')).toBe(0);
  }
  expect(prismPid).toBeGreaterThan(0);
  expect(() => process.kill(prismPid, 0), 'the Prism process is gone').toThrow();
}, 120_000);

test('mock with an unknown provider is a usage error', async () => {
  expectUsageError(await runCli(['mock', 'stripe']), /Unknown provider "stripe"/);
});
