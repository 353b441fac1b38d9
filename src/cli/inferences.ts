import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AUXILIARY_SPECS, PROVIDER_SLUGS, type SpecSlug } from '../core/providers.js';
import { type Inference, inferenceLedger } from '../pipeline/inference-ledger.js';
import { specArgument } from './arguments.js';
import type { Output } from './output.js';
import { bundledSpecFile } from './project.js';

async function ledgerOf(slug: SpecSlug): Promise<Inference[]> {
  const { 'x-generated': _stamp, ...doc } = JSON.parse(await readFile(bundledSpecFile(slug), 'utf8'));
  return inferenceLedger(slug, doc);
}

function printLedger(output: Output, slug: SpecSlug, ledger: Inference[]): void {
  output.line(`${output.paint('bold', slug)}: ${ledger.length} inferred`);
  const kindWidth = Math.max(0, ...ledger.map((entry) => entry.kind.length));
  for (const entry of ledger)
    output.line(`  ${output.paint('cyan', entry.kind.padEnd(kindWidth))}  ${entry.pointer}\n      ${entry.reason}`);
}

/**
 * main.ts ends the process as soon as the command returns; a ledger is larger than a pipe's buffer, so the command
 * waits until stdout has taken all of it.
 */
function stdoutFlushed(): Promise<void> {
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}

export function registerInferences(program: Command, output: Output): void {
  program
    .command('inferences')
    .description('List every fact a spec chose where its document is silent (each `x-inferred` mark), with its reason.')
    .argument('[slug]', `one spec: ${[...PROVIDER_SLUGS, ...AUXILIARY_SPECS].join(', ')} (default: all)`, specArgument)
    .option('--json', 'print a JSON array of { provider, pointer, kind, reason }')
    .addHelpText(
      'after',
      `
Reads generated/<slug>/openapi.json; each pointer is a JSON pointer into that file. The kind says what was chosen
(operation, path, field, status, body, header, error code, rate limit, host, …), from where the mark sits.

Examples:
  $ paycontracts inferences
  $ paycontracts inferences chari-pay --json`,
    )
    .action(async (slug: SpecSlug | undefined, options: { json?: boolean }) => {
      const slugs: SpecSlug[] = slug ? [slug] : [...PROVIDER_SLUGS, ...AUXILIARY_SPECS];
      const ledgers = new Map<SpecSlug, Inference[]>();
      for (const s of slugs) ledgers.set(s, await ledgerOf(s));
      if (options.json) {
        output.line(JSON.stringify([...ledgers.values()].flat(), null, 2));
        return stdoutFlushed();
      }
      for (const [s, ledger] of ledgers) printLedger(output, s, ledger);
      const total = [...ledgers.values()].reduce((sum, ledger) => sum + ledger.length, 0);
      output.line(`${total} inferred fact(s) in ${ledgers.size} spec(s).`);
      return stdoutFlushed();
    });
}
