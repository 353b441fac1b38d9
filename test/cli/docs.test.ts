import { expect, test } from 'vitest';
import { expectUsageError, runCli, startCli } from './cli-process.js';

test('docs --serve builds the site and serves it on loopback, and nothing outside it', async () => {
  const cli = await startCli(['docs', '--serve', '--port', '0'], 120_000);
  try {
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/docs\/$/);
    expect(cli.stderr()).toMatch(/^docs +docs +\d+ pages/m);
    const landing = await fetch(cli.url);
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-type')).toContain('text/html');
    expect(await landing.text()).toContain('href="sandbox.html"');
    const spec = await fetch(new URL('../alyapay/openapi.json', cli.url));
    expect((await spec.json()).openapi).toBe('3.1.0');
    // An encoded slash would climb out of generated/ if the server joined paths blindly.
    expect((await fetch(new URL('/docs/..%2F..%2Fpackage.json', cli.url))).status).toBe(403);
  } finally {
    expect(await cli.stop('SIGTERM')).toBe(0);
  }
}, 150_000);

test('docs with a bad port is a usage error', async () => {
  expectUsageError(await runCli(['docs', '--serve', '--port', '99999']), /"99999" is not a port/);
});
