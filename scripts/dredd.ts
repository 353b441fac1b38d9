// npm run test:dredd: replays every spec example with Dredd, against a Prism mock of the same spec and against the
// stateful sandbox. Dredd 14 is unmaintained and its OpenAPI 3 parser ignores pattern, minimum, format, allOf and
// more, so it is the example-replay layer only; the vitest + ajv contract suite is the authority.
//
//   npm run test:dredd                          both targets, every provider
//   npm run test:dredd -- --target sandbox      one target
//   npm run test:dredd -- --provider alyapay    one provider
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isProviderSlug, PROVIDER_SLUGS, type ProviderSlug } from '../src/core/providers.js';
import { startPrismMock } from '../src/devtools/prism.js';
import { projectRoot } from '../src/pipeline/project-root.js';
import { urlOf } from '../test/reliability/support/fuzz-request.js';
import { startFuzzTarget } from '../test/reliability/support/fuzz-target.js';

const require = createRequire(import.meta.url);
const root = projectRoot();
const dreddBin = join(dirname(require.resolve('dredd/package.json')), 'bin', 'dredd');
const TARGETS = ['prism', 'sandbox'] as const;
type Target = (typeof TARGETS)[number];

/** Headers that satisfy each spec's security schemes on a Prism mock (Prism checks presence, not value). */
const AUTH_HEADERS: Record<string, Record<string, string>> = {
  alyapay: { 'X-API-Key': 'test_key', 'X-Session-Token': 'test_session_token' },
  novasend: {
    Authorization: `Basic ${Buffer.from('test_key:test_client').toString('base64')}`,
    'X-Idempotency-Key': 'dredd-replay',
  },
  'haloubi-gateway': { 'X-API-Key': 'test_key' },
  'chari-pay': { Authorization: 'Bearer test_key' },
  'chari-money': { 'Chari-Api-Key': 'test_key' },
};

/** What the hooks send instead of the spec example against the sandbox: the same example, pointed at seeded state. */
export interface SeededRequest {
  uri: string;
  headers: Record<string, string>;
  body?: string;
}

function usage(message: string): never {
  console.error(
    `test:dredd: ${message}\nUsage: npm run test:dredd -- [--target prism|sandbox] [--provider <${PROVIDER_SLUGS.join('|')}>]`,
  );
  process.exit(2);
}

function runDredd(slug: string, url: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const args = [
      dreddBin,
      join(root, 'generated', slug, 'openapi.json'),
      url,
      '--hookfiles',
      join(root, 'contract-tests', 'dredd', 'hooks.cjs'),
      '--language',
      'nodejs',
      '--loglevel',
      'error',
    ];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, PAYCONTRACTS_DREDD_SPEC: join(root, 'generated', slug, 'openapi.json'), ...env },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
    child.on('exit', (code) => resolve({ code: code ?? 1, output: output.replace(/\u001b\[[0-9;]*m/g, '') }));
  });
}

/** Prints Dredd's summary, the skipped transactions with their reasons and any failures; true when all passed. */
function report(
  label: string,
  { code, output }: { code: number; output: string },
  extraFailures: string[] = [],
): boolean {
  const lines = output.split('\n');
  const complete = lines.filter((l) => /complete: .*total/.test(l)).join(' ');
  console.log(`${label.padEnd(26)} ${complete || output.slice(-2000)}`);
  // Skips grouped by reason; the transactions are named where a reason covers only a few.
  const skipped = new Map<string, string[]>();
  for (const line of lines.filter((l) => /skip .*: /.test(l))) {
    const [, name, reason] = /skip (.*?) > [^>]*?: (.*)$/.exec(line.replace(/^.*?skip /, 'skip ')) ?? [
      undefined,
      line,
      '',
    ];
    skipped.set(reason!, [...(skipped.get(reason!) ?? []), name!]);
  }
  for (const [reason, names] of skipped) {
    console.log(
      `${''.padEnd(26)} skipped ${names.length}: ${reason}${names.length <= 4 ? ` (${names.join('; ')})` : ''}`,
    );
  }
  if (code !== 0)
    console.log(
      lines
        .filter((l) => /^fail:/.test(l))
        .slice(0, 40)
        .join('\n'),
    );
  for (const failure of extraFailures) console.log(`fail: ${failure}`);
  return code === 0 && extraFailures.length === 0;
}

async function againstPrism(slug: ProviderSlug): Promise<boolean> {
  const prism = await startPrismMock(join(root, 'generated', slug, 'openapi.json'));
  try {
    const env = {
      PAYCONTRACTS_DREDD_HEADERS: JSON.stringify(AUTH_HEADERS[slug]),
      PAYCONTRACTS_DREDD_PREFER_STATUS: '1',
    };
    return report(`${slug} on prism`, await runDredd(slug, prism.url, env));
  } finally {
    await prism.stop();
  }
}

/**
 * Against the sandbox, the spec examples name resources that do not exist there, so the sandbox is seeded first and
 * each operation's example request is pointed at the seeded state (ids, session tokens, fresh idempotency keys).
 */
async function againstSandbox(slug: ProviderSlug, workDir: string): Promise<boolean> {
  const target = await startFuzzTarget(slug);
  try {
    const requests: Record<string, SeededRequest> = {};
    for (const plan of target.plans) {
      const base = plan.base();
      const body = base.body && typeof base.body.data === 'string' ? base.body.data : undefined;
      const headers = { ...base.headers, ...(base.body?.contentType ? { 'content-type': base.body.contentType } : {}) };
      requests[`${plan.op.method.toUpperCase()} ${plan.op.path}`] = { uri: urlOf('', base), headers, body };
    }
    const file = join(workDir, `${slug}-requests.json`);
    await writeFile(file, JSON.stringify(requests));
    const result = await runDredd(slug, target.sandbox.url, { PAYCONTRACTS_DREDD_REQUESTS: file });
    const sandboxProblems = [
      ...target.sandbox.internalErrors.map((e) => `the sandbox failed to process a request: ${e}`),
      ...target.sandbox.responseViolations.map((v) => `the sandbox replied outside its spec: ${v}`),
    ];
    return report(`${slug} on sandbox`, result, sandboxProblems);
  } finally {
    await target.close();
  }
}

const { values } = (() => {
  try {
    return parseArgs({ options: { target: { type: 'string' }, provider: { type: 'string' } } });
  } catch (error) {
    return usage((error as Error).message);
  }
})();
if (values.target !== undefined && !(TARGETS as readonly string[]).includes(values.target))
  usage(`unknown target "${values.target}"; use prism or sandbox.`);
if (values.provider !== undefined && !isProviderSlug(values.provider)) usage(`unknown provider "${values.provider}".`);
const targets: Target[] = values.target ? [values.target as Target] : [...TARGETS];
const providers: ProviderSlug[] = values.provider ? [values.provider as ProviderSlug] : [...PROVIDER_SLUGS];

const workDir = await mkdtemp(join(tmpdir(), 'paycontracts-dredd-'));
let failed = 0;
try {
  for (const target of targets) {
    for (const slug of providers) {
      if (!(await (target === 'prism' ? againstPrism(slug) : againstSandbox(slug, workDir)))) failed++;
    }
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
