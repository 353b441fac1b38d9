import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { OpenApiDocument } from '../core/openapi-document.js';
import { checkReport } from '../drift/check.js';
import { driftPatch } from '../drift/patch.js';
import { readReport } from '../drift/report.js';
import type { Drift, DriftReport } from '../drift/types.js';
import { FailuresFound, type Output, UsageError } from './output.js';
import { root } from './project.js';

interface DriftOptions {
  root?: string;
  json?: boolean;
  out?: string;
  date?: string;
}

function dateArgument(value: string): string {
  if (!/^\d{4}-\d\d-\d\d$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError(`"${value}" is not a date; pass YYYY-MM-DD.`);
  return value;
}

/** The report and the project it is checked against (the checkout, or `--root`), each refused with a reason. */
function load(file: string, options: DriftOptions): { report: DriftReport; project: string; spec: OpenApiDocument } {
  let report: DriftReport;
  try {
    report = readReport(resolve(file));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const project = resolve(options.root ?? root());
  const specFile = join(project, 'generated', report.provider, 'openapi.json');
  if (!existsSync(join(project, 'specs', report.provider)) || !existsSync(specFile))
    throw new UsageError(
      `${project} has no specs/${report.provider}/ and generated/${report.provider}/openapi.json; pass --root <a paycontracts checkout> and build it first.`,
    );
  return { report, project, spec: JSON.parse(readFileSync(specFile, 'utf8')) as OpenApiDocument };
}

function describe(d: Drift): string {
  return `${d.kind.padEnd(19)} ${d.file}#${d.filePointer || '/'} (${d.count}×)`;
}

function check(file: string, options: DriftOptions, output: Output): void {
  const { report, project, spec } = load(file, options);
  const result = checkReport(report, spec, project);
  if (options.json) output.line(JSON.stringify(result, null, 2));
  else {
    for (const d of result.closed) output.line(`${output.paint('green', 'closed')}  ${describe(d)}`);
    for (const d of result.open) output.line(`${output.paint('red', 'open  ')}  ${describe(d)}`);
    for (const d of result.added) output.line(`${output.paint('red', 'new   ')}  ${describe(d)}`);
    output.line(
      `${report.provider}: ${result.closed.length} closed, ${result.open.length} open, ${result.added.length} new, from ${report.exchanges.length} exchange(s).`,
    );
  }
  const remaining = result.open.length + result.added.length;
  if (remaining > 0) throw new FailuresFound(`${remaining} drift(s) remain against the current spec.`);
}

async function patch(file: string, options: DriftOptions, output: Output): Promise<void> {
  const { report, project } = load(file, options);
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const result = driftPatch(report, project, date);
  for (const { where, why } of result.left) output.note(`left for review: ${where}: ${why}`);
  if (options.out) {
    await writeFile(resolve(options.out), result.diff);
    output.note(`${result.edits} edit(s) written to ${options.out}; review it, then \`git apply ${options.out}\`.`);
  } else {
    process.stdout.write(result.diff);
    output.note(`${result.edits} edit(s); review the patch, then \`git apply\` it.`);
  }
}

export function registerDrift(program: Command, output: Output): void {
  const drift = program
    .command('drift')
    .description("Work with a live run's drift report (`contract --target live --drift-report FILE`).");
  drift
    .command('check')
    .description('Re-check a saved drift report against the current spec: which drifts a spec change has closed.')
    .argument('<file>', 'the JSON report `contract --drift-report` wrote')
    .option(
      '--root <dir>',
      'the paycontracts checkout whose specs/ and generated/ to check against (default: this one)',
    )
    .option('--json', 'print { closed, open, added } as JSON')
    .addHelpText(
      'after',
      `
Exits 1 while any drift remains (still open, or new against the current spec), 0 when all are closed.

Examples:
  $ paycontracts drift check reports/drift-haloubi.json
  $ paycontracts drift check reports/drift-haloubi.json --json | jq '.closed | length'`,
    )
    .action((file: string, options: DriftOptions) => check(file, options, output));
  drift
    .command('patch')
    .description('Write a unified diff against specs/<slug>/ that makes the observed traffic valid, for review.')
    .argument('<file>', 'the JSON report `contract --drift-report` wrote')
    .option('--out <file>', 'write the patch here instead of stdout')
    .option('--date <YYYY-MM-DD>', 'the date the edits name (default: today)', dateArgument)
    .option('--root <dir>', 'the paycontracts checkout whose specs/ to patch (default: this one)')
    .addHelpText(
      'after',
      `
Every edit carries x-inferred: true, "observed in a live run on DATE"; each inference the traffic confirmed becomes
x-verified: { date, exchanges }. Drifts the traffic cannot settle (a refused verb, a missing path, an error body in
another format) are listed on stderr for review.

Examples:
  $ paycontracts drift patch reports/drift-haloubi.json --out drift.patch && git apply drift.patch
  $ paycontracts drift patch reports/drift-haloubi.json | git apply --check`,
    )
    .action((file: string, options: DriftOptions) => patch(file, options, output));
}
