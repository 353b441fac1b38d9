import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { typescriptProject } from '../support/typescript-program.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const root = projectRoot();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function newestMtime(dir: string, match: (file: string) => boolean): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isFile() && match(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/**
 * `tsc -p tsconfig.build.json` (from the program test/pipeline/typescript checks, shared) and the copy of generated
 * modules, only when dist/ is missing or older than its sources.
 */
async function ensureDist(): Promise<void> {
  const entry = join(root, 'dist', 'src', 'cli', 'main.js');
  const built =
    existsSync(entry) && existsSync(join(root, 'dist', 'generated', 'alyapay', 'validators.js'))
      ? statSync(entry).mtimeMs
      : 0;
  const sources = Math.max(
    await newestMtime(join(root, 'src'), (f) => f.endsWith('.ts')),
    await newestMtime(
      join(root, 'generated'),
      (f) => /\.(js|d\.ts)$/.test(f) && !f.includes(`${join('generated', 'docs')}`),
    ),
  );
  if (built > sources) return;
  const { build } = await typescriptProject();
  if (build !== '') throw new Error(`tsc -p tsconfig.build.json failed:\n${build}`);
  await run(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'copy-generated.ts')], { cwd: root });
}

const CONSUMER = `import { startSandbox } from 'paycontracts/sandbox';
import { createAlyaPayClient } from 'paycontracts/alyapay';
import { PaymentApiError } from 'paycontracts';

const sandbox = await startSandbox('alyapay');
try {
  const client = createAlyaPayClient({ baseUrl: sandbox.url, apiKey: 'test_key' });
  const { data } = await client.post('/api/v1/public/sessions', {
    body: { total: '1799.00', currency: 'MAD', items: [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }] },
  });
  const token: string = data.session_token;
  const expiresIn: number = data.expires_in;
  // @ts-expect-error the response type is the spec's, not any: there is no such field
  void data.no_such_field;
  // @ts-expect-error the request body is typed too: currency is a string
  void (() => client.post('/api/v1/public/sessions', { body: { total: '1.00', currency: 1, items: [] } }));
  let refused = '';
  try {
    await createAlyaPayClient({ baseUrl: sandbox.url, apiKey: 'wrong' }).post('/api/v1/public/sessions', { body: { total: '1.00', currency: 'MAD', items: [{ id: 'A', name: 'a', price: 1, quantity: 1 }] } });
  } catch (error) {
    if (error instanceof PaymentApiError) refused = \`\${error.status} \${String(error.code)}\`;
  }
  console.log(JSON.stringify({ tokenLength: token.length, expiresIn, refused }));
} finally {
  await sandbox.close();
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: false,
    outDir: 'build',
    types: ['node'],
    noEmitOnError: true,
  },
  include: ['index.ts'],
};

describe('the npm package', () => {
  let work: string;
  let tarball: string;
  let files: string[];
  let consumer: string;

  beforeAll(async () => {
    await ensureDist();
    work = await mkdtemp(join(tmpdir(), 'paycontracts-pack-'));
    // --ignore-scripts: prepack would rebuild everything; dist/ was just checked above.
    const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, packed!.filename);
    files = packed!.files.map((f) => f.path);

    // A project outside the repository that installs the tarball; the registry is only asked for what the npm cache lacks.
    consumer = join(work, 'consumer');
    await mkdir(consumer);
    await writeFile(
      join(consumer, 'package.json'),
      `${JSON.stringify({ name: 'paycontracts-consumer', private: true, type: 'module' }, null, 2)}\n`,
    );
    await writeFile(join(consumer, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    await writeFile(join(consumer, 'index.ts'), CONSUMER);
    const types = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).devDependencies['@types/node'];
    await run(
      npm,
      ['install', tarball, `@types/node@${types}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      { cwd: consumer, maxBuffer: 16 * 1024 * 1024 },
    );
  }, 300_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('contains what users need and nothing of the repository', () => {
    for (const file of [
      'package.json',
      'LICENSE',
      'cjs/esm-only.cjs',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/src/sandbox/index.js',
      'dist/generated/alyapay/validators.js',
      'dist/generated/alyapay/schema.d.ts',
      'generated/alyapay/openapi.json',
      'generated/alyapay/postman.json',
      'generated/alyapay/schemas/Session.json',
      'generated/alyapay/postman.sandbox.json',
      'generated/alyapay/postman.live.json',
      'flows/haloubi-gateway.yaml',
    ]) {
      expect(files, file).toContain(file);
    }
    for (const prefix of [
      'src/',
      'test/',
      'contract-tests/',
      'specs/',
      'scripts/',
      'bench/',
      'node_modules/',
      'reports/',
      'screenshots/',
      '.github/',
      'generated/alyapay/validators.js',
    ]) {
      expect(
        files.filter((f) => f.startsWith(prefix)),
        prefix,
      ).toEqual([]);
    }
  });

  test('publint finds nothing, in strict mode', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const bytes = new Uint8Array(await readFile(tarball));
    const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer }, strict: true, level: 'suggestion' });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`)).toEqual([]);
  });

  test('arethetypeswrong finds no problem for ESM consumers', async () => {
    const attw = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
    const result = await run(process.execPath, [attw, tarball, '--profile', 'esm-only', '--format', 'json'], {
      cwd: work,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((e) => e);
    const report = JSON.parse(result.stdout) as {
      problems: Record<string, { resolutionKind: string; entrypoint: string }[]>;
    };
    const relevant = Object.values(report.problems ?? {})
      .flat()
      .filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    expect(relevant).toEqual([]);
    expect(result.code ?? 0).toBe(0);
  });

  test('a consumer project type-checks a typed call (tsc) and runs it against a sandbox on loopback', async () => {
    const tsc = require.resolve('typescript/bin/tsc');
    // One compile both checks and emits: noEmitOnError leaves no build/ behind a type error.
    const check = await run(process.execPath, [tsc, '-p', '.'], { cwd: consumer }).catch((e) => e);
    expect(`${check.stdout ?? ''}${check.stderr ?? ''}`).toBe('');
    const { stdout } = await run(process.execPath, [join('build', 'index.js')], { cwd: consumer });
    expect(JSON.parse(stdout)).toEqual({
      tokenLength: expect.any(Number),
      expiresIn: 3600,
      refused: '401 INVALID_API_KEY',
    });
  }, 120_000);

  test('require() from CommonJS throws an error that says the package is ESM-only; import() from CommonJS works', async () => {
    await writeFile(
      join(consumer, 'require.cjs'),
      `const outcome = {};
for (const entry of ['paycontracts', 'paycontracts/haloubi-gateway', 'paycontracts/sandbox']) {
  try {
    require(entry);
    outcome[entry] = 'loaded';
  } catch (error) {
    outcome[entry] = [error.code, error.message];
  }
}
import('paycontracts/haloubi-gateway').then((haloubi) => {
  outcome.dynamicImport = typeof haloubi.createHaloubiGatewayClient;
  console.log(JSON.stringify(outcome));
});
`,
    );
    const { stdout } = await run(process.execPath, ['require.cjs'], { cwd: consumer });
    const refused = [
      'ERR_REQUIRE_ESM',
      "paycontracts is ESM-only: use `import { … } from 'paycontracts'` in an ES module, or `await import('paycontracts')` (or any paycontracts/<entry>) from CommonJS. require() is not supported.",
    ];
    expect(JSON.parse(stdout)).toEqual({
      paycontracts: refused,
      'paycontracts/haloubi-gateway': refused,
      'paycontracts/sandbox': refused,
      dynamicImport: 'function',
    });
  });

  test('the installed `paycontracts` bin starts a sandbox from the package and stops on SIGTERM', async () => {
    const bin = join(consumer, 'node_modules', '.bin', 'paycontracts');
    const child = spawn(bin, ['sandbox', 'alyapay', '--port', '0'], {
      cwd: consumer,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" line: ${stdout}`)), 30_000);
      child.stdout.on('data', (c: Buffer) => {
        stdout += c;
        const match = /^listening on (\S+)$/m.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stdout}`)));
    });
    const reset = await fetch(`${url}/__sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    process.kill(child.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  test('the installed bin triggers a documented event from the flows it ships, at a loopback endpoint', async () => {
    const { createServer } = await import('node:http');
    const received: string[] = [];
    const endpoint = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = endpoint.address() as import('node:net').AddressInfo;
      const bin = join(consumer, 'node_modules', '.bin', 'paycontracts');
      const { stdout } = await run(
        bin,
        ['trigger', 'haloubi-gateway', 'payment.refunded', '--webhook-url', `http://127.0.0.1:${port}/hooks`],
        {
          cwd: consumer,
        },
      );
      expect(stdout).toContain('payment.refunded');
      expect(received.map((body) => JSON.parse(body).type)).toContain('payment.refunded');
    } finally {
      endpoint.close();
    }
  }, 60_000);
});
