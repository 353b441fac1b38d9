// npm run test:dredd: replays every spec example against a Prism mock of the same spec with Dredd.
// Dredd 14 is unmaintained and its OpenAPI 3 parser ignores pattern, minimum, format, allOf and more, so it is
// the example-replay layer only; the vitest + ajv contract suite is the authority.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startPrismMock } from '../src/core/prism.js';
import { PROVIDER_SLUGS } from '../src/core/providers.js';
import { projectRoot } from '../src/pipeline/project-root.js';

const require = createRequire(import.meta.url);
const root = projectRoot();
const dreddBin = join(dirname(require.resolve('dredd/package.json')), 'bin', 'dredd');

/** Headers that satisfy each spec's security schemes on a Prism mock (Prism checks presence, not value). */
const AUTH_HEADERS: Record<string, Record<string, string>> = {
  alyapay: { 'X-API-Key': 'test_key', 'X-Session-Token': 'test_session_token' },
  novasend: { Authorization: `Basic ${Buffer.from('test_key:test_client').toString('base64')}`, 'X-Idempotency-Key': 'dredd-replay' },
  'haloubi-gateway': { 'X-API-Key': 'test_key' },
  'chari-pay': { Authorization: 'Bearer test_key' },
  'chari-money': { 'Chari-Api-Key': 'test_key' },
};

function run(slug: string, url: string): Promise<{ code: number; summary: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [dreddBin, join(root, 'generated', slug, 'openapi.json'), url, '--hookfiles', join(root, 'contract-tests', 'dredd', 'hooks.cjs'), '--language', 'nodejs', '--loglevel', 'error'], {
      env: { ...process.env, PAYCONTRACTS_DREDD_HEADERS: JSON.stringify(AUTH_HEADERS[slug]), PAYCONTRACTS_DREDD_PREFER_STATUS: '1', PAYCONTRACTS_DREDD_SPEC: join(root, 'generated', slug, 'openapi.json') },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    child.on('exit', (code) => resolve({ code: code ?? 1, summary: output }));
  });
}

let failed = 0;
for (const slug of PROVIDER_SLUGS) {
  const prism = await startPrismMock(join(root, 'generated', slug, 'openapi.json'));
  try {
    const { code, summary } = await run(slug, prism.url);
    const plain = summary.replace(/\u001b\[[0-9;]*m/g, '');
    const complete = plain.split('\n').filter((l) => /complete: .*total/.test(l)).join(' ');
    console.log(`${slug.padEnd(16)} ${complete || plain.slice(-2000)}`);
    for (const line of plain.split('\n').filter((l) => /skip .*: /.test(l))) console.log(`${''.padEnd(16)} ${line.replace(/^.*?skip /, 'skipped ')}`);
    if (code !== 0) {
      failed++;
      console.log(plain.split('\n').filter((l) => /^fail:/.test(l)).slice(0, 40).join('\n'));
    }
  } finally {
    await prism.stop();
  }
}
process.exit(failed > 0 ? 1 : 0);
