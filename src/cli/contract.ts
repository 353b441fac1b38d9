import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { listOperations, type OpenApiDocument } from '../core/openapi-document.js';
import { PROVIDER_SLUGS, type ProviderSlug } from '../core/providers.js';
import { type LiveDriftCapture, startLiveDriftCapture } from '../drift/live-run.js';
import {
  CONTRACT_TARGETS,
  COVERAGE_RECORD_DIR_ENV,
  type ContractTarget,
  collectCoverageRecords,
  type ProviderCoverage,
  writeCoverage,
} from '../pipeline/contract-coverage.js';
import { portArgument, providerArgument } from './arguments.js';
import { FailuresFound, type Output, UsageError } from './output.js';
import { bundledSpecFile, requireCheckout } from './project.js';

const require = createRequire(import.meta.url);

/** Prism runs the generated schema suites; the sandbox and live targets run the behaviour scenarios. */
export function scenarioFiles(root: string, slug: ProviderSlug, target: ContractTarget): string[] {
  const dir = join(root, 'contract-tests', slug);
  if (!existsSync(dir)) return [];
  const wanted = target === 'prism' ? /^prism.*\.test\.ts$/ : /^behaviour.*\.test\.ts$/;
  return readdirSync(dir)
    .filter((f) => wanted.test(f))
    .sort()
    .map((f) => relative(root, join(dir, f)));
}

function vitestEntry(): string {
  const manifest = require.resolve('vitest/package.json');
  return join(
    dirname(manifest),
    (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { vitest: string } }).bin.vitest,
  );
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export function registerContract(program: Command, output: Output): void {
  program
    .command('contract')
    .description(
      'Run the contract suite against a target: prism (schema), sandbox (behaviour, local) or live (the real sandbox through prism proxy).',
    )
    .addOption(new Option('--target <target>', 'where the scenarios run').choices(CONTRACT_TARGETS).default('sandbox'))
    .option('--provider <slug>', 'one provider only', providerArgument)
    .addOption(
      new Option('--reporter <name>', 'junit also writes reports/junit-<target>.xml').choices(['default', 'junit']),
    )
    .option(
      '--drift-report <file>',
      'live only: record every exchange and write a drift report (JSON, and Markdown beside it)',
    )
    .option(
      '--webhook-port <port>',
      `with --drift-report: receive the provider's webhooks on this loopback port (behind your tunnel) and report them too; default $${WEBHOOK_PORT_ENV}`,
      portArgument,
    )
    .addHelpText(
      'after',
      `
The live target reads <SLUG>_BASE_URL and the provider's credential variables; scenarios that need the sandbox
control API are skipped there with a reason. Every run records which operations it called in
reports/coverage-<target>.json, which the docs site shows. Exits 1 when a scenario fails.
With --drift-report, --webhook-port N (or PAYCONTRACTS_WEBHOOK_PORT) receives webhooks on 127.0.0.1:N for the
run, answering 200: expose it with a tunnel and point the provider's webhook URL at it; each delivery is compared
with the spec's webhooks in the report.

Examples:
  $ paycontracts contract --target prism
  $ paycontracts contract --target sandbox --provider alyapay --reporter junit
  $ ALYAPAY_BASE_URL=… ALYAPAY_API_KEY=… paycontracts contract --target live --provider alyapay
  $ … paycontracts contract --target live --provider alyapay --drift-report reports/drift-alyapay.json
  $ … paycontracts contract --target live --provider haloubi-gateway --drift-report drift.json --webhook-port 8787`,
    )
    .action((options: ContractOptions) => runContract(options, output));
}

interface ContractOptions {
  target: ContractTarget;
  provider?: ProviderSlug;
  reporter?: string;
  driftReport?: string;
  webhookPort?: number;
}

/** The variable `--webhook-port` falls back to. */
const WEBHOOK_PORT_ENV = 'PAYCONTRACTS_WEBHOOK_PORT';

/** `--webhook-port`, else `PAYCONTRACTS_WEBHOOK_PORT`, read as strictly as the option. */
function webhookPort(options: ContractOptions, env: NodeJS.ProcessEnv): number | undefined {
  if (options.webhookPort !== undefined) return options.webhookPort;
  const raw = env[WEBHOOK_PORT_ENV];
  if (raw === undefined || raw === '') return undefined;
  try {
    return portArgument(raw);
  } catch (error) {
    throw new UsageError(`${WEBHOOK_PORT_ENV}: ${(error as Error).message}`);
  }
}

/** `--drift-report` records one provider's live run; anything else is a usage mistake, said before the run starts. */
async function driftCapture(
  options: ContractOptions,
  root: string,
  output: Output,
): Promise<LiveDriftCapture | undefined> {
  if (!options.driftReport) {
    if (options.webhookPort !== undefined)
      throw new UsageError('--webhook-port records webhooks into the drift report: add --drift-report <file>.');
    return undefined;
  }
  if (options.target !== 'live' || !options.provider)
    throw new UsageError("--drift-report records one provider's live run: add --target live --provider <slug>.");
  const port = webhookPort(options, process.env);
  try {
    const capture = await startLiveDriftCapture(options.provider, resolve(options.driftReport), root, process.env, {
      webhookPort: port,
    });
    if (capture.webhookUrl)
      output.note(`receiving ${options.provider} webhooks at ${capture.webhookUrl}; point your tunnel at it`);
    return capture;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Writes the drift report, whether the scenarios passed or not: a failed run is when it matters most. */
async function finishDrift(capture: LiveDriftCapture | undefined, output: Output): Promise<void> {
  if (!capture) return;
  const { report, markdown } = await capture.finish();
  output.progress(
    report.provider,
    'drift',
    `${report.exchanges.length} exchange(s), ${report.drifts.length} drift(s), ${report.confirmed.length} inference(s) confirmed; ${relative(process.cwd(), markdown)}`,
  );
}

/** Runs the contract scenarios of the chosen target and providers in vitest, then records their coverage. */
async function runContract(options: ContractOptions, output: Output): Promise<void> {
  const root = requireCheckout('contract-tests', 'contract');
  const providers = options.provider ? [options.provider] : [...PROVIDER_SLUGS];
  const files: string[] = [];
  const ran: ProviderSlug[] = [];
  for (const slug of providers) {
    const found = scenarioFiles(root, slug, options.target);
    if (found.length === 0)
      output.note(
        `${slug}: no ${options.target} scenarios yet (contract-tests/${slug}/${options.target === 'prism' ? 'prism' : 'behaviour'}*.test.ts)`,
      );
    else ran.push(slug);
    files.push(...found);
  }
  if (files.length === 0)
    throw new UsageError(
      `There are no ${options.target} scenarios for ${providers.join(', ')}; pick another --target or --provider.`,
    );

  const reportsDir = join(root, 'reports');
  const args = [vitestEntry(), 'run', ...files, '--reporter=default'];
  if (options.reporter === 'junit')
    args.push('--reporter=junit', `--outputFile.junit=${join(reportsDir, `junit-${options.target}.xml`)}`);
  const drift = await driftCapture(options, root, output);
  const records = await mkdtemp(join(tmpdir(), 'paycontracts-coverage-'));
  output.note(`running ${files.length} file(s) against ${options.target}: ${ran.join(', ')}`);
  let code: number;
  try {
    code = await run(process.execPath, args, root, {
      ...process.env,
      PAYCONTRACTS_TARGET: options.target,
      // Only the Prism mocks this run uses are started.
      PAYCONTRACTS_PROVIDERS: ran.join(','),
      [COVERAGE_RECORD_DIR_ENV]: records,
      ...drift?.env,
    });
    await recordCoverage(records, reportsDir, options.target, ran, output);
  } finally {
    await rm(records, { recursive: true, force: true });
    await finishDrift(drift, output);
  }
  if (options.reporter === 'junit')
    output.note(`JUnit report: ${relative(root, join(reportsDir, `junit-${options.target}.xml`))}`);
  if (code !== 0) throw new FailuresFound(`the ${options.target} contract run failed (see above).`);
}

/** Writes which available operations each provider's run exercised, for the docs site. */
async function recordCoverage(
  records: string,
  reportsDir: string,
  target: ContractTarget,
  ran: ProviderSlug[],
  output: Output,
): Promise<void> {
  const called = await collectCoverageRecords(records);
  const ranAt = new Date().toISOString();
  const coverage: Record<string, ProviderCoverage> = {};
  for (const slug of ran) {
    const spec = JSON.parse(await readFile(bundledSpecFile(slug), 'utf8')) as OpenApiDocument;
    const available = listOperations(spec)
      .filter((o) => !o.comingSoon)
      .map((o) => o.operationId);
    const exercised = [...(called.get(slug) ?? [])].filter((id) => available.includes(id)).sort();
    coverage[slug] = { exercised, available: available.length, ranAt };
    output.progress(slug, target, `${exercised.length} of ${available.length} operations exercised`);
  }
  await writeCoverage(reportsDir, target, coverage);
}
