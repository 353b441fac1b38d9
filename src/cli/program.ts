import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { projectRoot } from '../pipeline/project-root.js';
import { registerBuild } from './build.js';
import { registerContract } from './contract.js';
import { registerDiff } from './diff.js';
import { registerDocs } from './docs.js';
import { registerDrift } from './drift.js';
import { registerInferences } from './inferences.js';
import { registerLint } from './lint.js';
import { registerLogs } from './logs.js';
import { registerMock } from './mock.js';
import { createOutput, EXIT, FailuresFound, type Output, UsageError } from './output.js';
import { registerPostman } from './postman.js';
import { registerSandbox } from './sandbox.js';
import { registerTrigger } from './trigger.js';

function version(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function createProgram(output: Output): Command {
  const program = new Command('paycontracts')
    .description(
      'Typed clients, stateful sandboxes, mocks, docs and contract tests for payment APIs, from their OpenAPI specs.',
    )
    .version(version())
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      outputError: (message, write) => {
        let text = message.trim().replace(/^error: /, '');
        if (/unknown (command|option)|missing required argument|too many arguments/.test(text))
          text += '; run `paycontracts --help` or `paycontracts <command> --help` for usage.';
        write(`paycontracts: ${output.paint('red', text, 'err')}\n`);
      },
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 failures found (lint findings, breaking changes, failed scenarios), 2 usage error.

Examples:
  $ paycontracts sandbox alyapay --port 4010
  $ paycontracts contract --target prism
  $ paycontracts diff old/openapi.yaml specs/chari-pay/openapi.yaml`,
    );
  registerBuild(program, output);
  registerLint(program, output);
  registerDocs(program, output);
  registerMock(program, output);
  registerSandbox(program, output);
  registerTrigger(program, output);
  registerLogs(program, output);
  registerContract(program, output);
  registerDiff(program, output);
  registerPostman(program, output);
  registerInferences(program, output);
  registerDrift(program, output);
  return program;
}

/**
 * A server command that cannot bind its address is a usage error: the caller chose the port. One line that says
 * what to do instead of Node's `listen EADDRINUSE`.
 */
function listenProblem(error: unknown): UsageError | undefined {
  const { code, address, port } = (error ?? {}) as NodeJS.ErrnoException & { address?: string; port?: number };
  const where = port === undefined ? 'That port' : `Port ${port}${address ? ` on ${address}` : ''}`;
  if (code === 'EADDRINUSE')
    return new UsageError(`${where} is already in use; pass another --port, or leave --port out for a free one.`);
  if (code === 'EACCES' && /listen/.test(String((error as Error).message)))
    return new UsageError(`${where} needs privileges to listen on; pass a --port above 1023.`);
  if (code === 'EADDRNOTAVAIL')
    return new UsageError(`${address ?? 'that address'} is not an address of this machine; pass another --host.`);
  return undefined;
}

/** Runs one command line and returns its exit code; every error becomes one line on stderr, never a stack trace. */
export async function runCli(argv: string[], output: Output = createOutput()): Promise<number> {
  const program = createProgram(output);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with a CommanderError too; they are not failures.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const problem = listenProblem(error);
    if (problem) {
      output.note(`paycontracts: ${output.paint('red', problem.message, 'err')}`);
      return EXIT.usage;
    }
    const message = (error as Error)?.message ?? String(error);
    output.note(`paycontracts: ${output.paint('red', message, 'err')}`);
    if (process.env.PAYCONTRACTS_DEBUG) output.note((error as Error)?.stack ?? '');
    if (error instanceof UsageError) return EXIT.usage;
    if (error instanceof FailuresFound) return EXIT.failures;
    return EXIT.failures;
  }
}
