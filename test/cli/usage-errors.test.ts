import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectUsageError, runCli } from './cli-process.js';

/** Mistakes a newcomer makes on a first run: each is exit 2 and one line that says what to do. */

let busy: Server;
let busyPort: number;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const address = busy.address();
  busyPort = typeof address === 'object' && address ? address.port : 0;
});

afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

describe('a port that is already taken', () => {
  test.each(['sandbox', 'mock'])('%s exits 2 and says to pick another --port', async (command) => {
    const result = await runCli([command, 'alyapay', '--port', String(busyPort)]);
    expectUsageError(
      result,
      new RegExp(`^paycontracts: Port ${busyPort} on 127\\.0\\.0\\.1 is already in use; pass another --port`),
    );
    expect(result.stderr).not.toContain('EADDRINUSE');
  });
});

describe('usage', () => {
  test.each(['sandbox', 'mock'])('%s --help lists the provider slugs', async (command) => {
    const { code, stdout } = await runCli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/slug +the provider: chari-money,\s+chari-pay,\s+haloubi-gateway,\s+alyapay,\s+novasend\b/);
  });

  test('mock without Prism installed exits 2 and says how to install it', async () => {
    const result = await runCli(['mock', 'alyapay'], {
      nodeArgs: ['--require', join(import.meta.dirname, 'fixtures', 'without-prism.cjs')],
    });
    expectUsageError(result, /Prism is not installed: run `npm install @stoplight\/prism-cli`/);
  });

  test.each([
    ['the old side', ['specs/chari-pay', 'specs/chari-pay/openapi.yaml']],
    ['the new side', ['specs/chari-pay/openapi.yaml', 'specs/chari-pay']],
  ])('diff given a folder for %s says it needs a file', async (_name, args) => {
    expectUsageError(
      await runCli(['diff', ...args]),
      /specs\/chari-pay is a folder; diff needs a spec file: pass specs\/chari-pay\/openapi\.yaml\./,
    );
  });

  test('diff given a folder without an openapi.yaml says what a spec file looks like', async () => {
    expectUsageError(
      await runCli(['diff', 'test', 'specs/chari-pay/openapi.yaml']),
      /^paycontracts: test is a folder; diff needs a spec file, e\.g\. <folder>\/openapi\.yaml\.$/,
    );
  });
});
