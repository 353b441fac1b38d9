import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { expectUsageError, runCli } from './cli-process.js';

test('postman regenerates the five committed collections and their environments byte for byte', async () => {
  const out = await mkdtemp(join(tmpdir(), 'paycontracts-cli-postman-'));
  try {
    const { code, stderr } = await runCli(['postman', '--out-dir', out], { timeoutMs: 120_000 });
    expect(code, stderr).toBe(0);
    for (const slug of PROVIDER_SLUGS) {
      expect(stderr).toMatch(new RegExp(`^${slug} +postman +\\d+ requests$`, 'm'));
      for (const file of ['postman.json', 'postman.sandbox.json', 'postman.live.json']) {
        const committed = await readFile(join(import.meta.dirname, '..', '..', 'generated', slug, file), 'utf8');
        expect(await readFile(join(out, slug, file), 'utf8'), `${slug}/${file}`).toBe(committed);
      }
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}, 150_000);

test('postman with an unknown provider is a usage error', async () => {
  expectUsageError(await runCli(['postman', '--provider', 'wave']), /Unknown provider "wave"/);
});
