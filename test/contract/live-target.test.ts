import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LIVE_ENV, SANDBOX_CREDENTIALS } from '../../contract-tests/support/behaviour-target.js';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');

/**
 * Runs `npm run test:live` as a user would, with only the given environment for the live target, in one worker that
 * loads the project's modules once for all files (`--no-isolate`): the stand-in providers share this machine's cores
 * with the run, and eight workers' worth of module loading would cost more CPU than the scenarios themselves.
 */
async function runLive(env: Record<string, string>, files: string[] = []): Promise<{ code: number; output: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !Object.values(LIVE_ENV).some((e) => k === e.baseUrl || Object.values(e.credentials).includes(k)),
    ),
  );
  const result = await promisify(execFile)(
    process.execPath,
    [
      vitest,
      'run',
      '--config',
      'vitest.live.config.ts',
      '--reporter=verbose',
      '--maxWorkers=1',
      '--no-isolate',
      ...files,
    ],
    {
      cwd: projectRoot(),
      env: { ...clean, ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      maxBuffer: 32 * 1024 * 1024,
    },
  ).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: e.code ?? 1,
      output: `${e.stdout ?? ''}${e.stderr ?? ''}`,
    }),
  );
  return result;
}

describe('the live target', () => {
  // One file per provider is enough to see the skip: every scenario file goes through the same harness.
  test('skips every provider cleanly, with the variables to set, when nothing is configured', async () => {
    const { code, output } = await runLive(
      {},
      PROVIDER_SLUGS.map((slug) => `contract-tests/${slug}/behaviour`),
    );
    expect(code, output.slice(-3000)).toBe(0);
    for (const slug of PROVIDER_SLUGS)
      expect(output).toContain(`${slug} > live > behaviour (skipped: set ${LIVE_ENV[slug].baseUrl}`);
    expect(output).not.toMatch(/\d+ passed/);
  }, 120_000);

  describe('runs green against sandboxes on loopback, through prism proxy --errors', () => {
    const sandboxes: RunningSandbox[] = [];
    const env: Record<string, string> = {};
    beforeAll(async () => {
      await Promise.all(
        PROVIDER_SLUGS.map(async (slug) => {
          // Stand-ins for the providers: the live scenarios run concurrently under one key, and the limits they
          // would meet are covered on their own (test/core/sandbox/rate-limit.test.ts).
          const sandbox = await startSandbox(slug, { rateLimit: false });
          sandboxes.push(sandbox);
          env[LIVE_ENV[slug].baseUrl] = sandbox.url;
          for (const [option, name] of Object.entries(LIVE_ENV[slug].credentials))
            env[name] = SANDBOX_CREDENTIALS[slug][option]!;
        }),
      );
    });
    afterAll(async () => {
      await Promise.all(sandboxes.map((s) => s.close()));
    });

    test('every provider passes the scenarios that need no control API, and skips the rest with a reason', async () => {
      const { code, output } = await runLive(env);
      expect(code, output.slice(-4000)).toBe(0);
      expect(output).toMatch(/Tests\s+\d+ passed/);
      expect(output).not.toMatch(/\d+ failed/);
      expect(output).toContain('needs the sandbox control API');
      for (const slug of PROVIDER_SLUGS) expect(output).toContain(`${slug} > live > behaviour`);
      for (const sandbox of sandboxes) expect(sandbox.internalErrors).toEqual([]);
    }, 240_000);
  });
});
