import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { SandboxControl, SandboxControlError } from '../sandbox/control-client.js';
import { countArgument, urlArgument } from './arguments.js';
import { type Output, UsageError } from './output.js';
import { untilStopped } from './project.js';

interface LogsOptions {
  status?: string;
  path?: string;
  follow?: boolean;
  interval: number;
  limit: number;
  header: Record<string, string>;
}

type Entry = Awaited<ReturnType<SandboxControl['requests']>>['requests'][number];

/** The most the control API gives in one page (its spec's `limit` maximum): what a follow poll reads. */
const FOLLOW_PAGE = 1000;

function headerArgument(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const colon = value.indexOf(':');
  if (colon < 1) throw new InvalidArgumentError(`"${value}" is not a header; pass one like "X-API-Key: test_key".`);
  return { ...previous, [value.slice(0, colon).trim()]: value.slice(colon + 1).trim() };
}

function statusStyle(status: number): 'green' | 'yellow' | 'red' {
  return status < 400 ? 'green' : status < 500 ? 'yellow' : 'red';
}

function printEntry(output: Output, entry: Entry): void {
  const status = output.paint(statusStyle(entry.status), String(entry.status));
  const latency = `${entry.latencyMs.toFixed(1)} ms`.padStart(9);
  output.line(`${entry.at}  ${entry.method.padEnd(6)} ${status} ${latency}  ${entry.id}  ${entry.path}`);
}

/** What names one logged request: its id alone may repeat (a caller may resend its own request id). */
function keyOf(entry: Entry): string {
  return `${entry.id} ${entry.at} ${entry.method} ${entry.path} ${entry.status}`;
}

/** A page of the log, newest first; a sandbox that is not there or refuses the filter is the caller's to fix. */
async function readPage(control: SandboxControl, options: LogsOptions, limit: number): Promise<Entry[]> {
  try {
    return (await control.requests({ status: options.status, path: options.path, limit })).requests;
  } catch (error) {
    if (error instanceof SandboxControlError) throw new UsageError(`The sandbox refused: ${error.message}`);
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new UsageError(
      `No paycontracts sandbox answers at ${control.baseUrl} (${cause}); start one with \`paycontracts sandbox <slug>\`.`,
    );
  }
}

/** Prints the requests of `page` not printed yet, oldest first, and remembers them (a bounded memory). */
function printNew(output: Output, page: Entry[], seen: Set<string>): void {
  for (const entry of [...page].reverse()) {
    const key = keyOf(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    printEntry(output, entry);
  }
  // The log itself keeps at most a page of FOLLOW_PAGE; anything older can never come back.
  if (seen.size > 4 * FOLLOW_PAGE) for (const key of [...seen].slice(0, seen.size - 2 * FOLLOW_PAGE)) seen.delete(key);
}

async function follow(output: Output, control: SandboxControl, options: LogsOptions, seen: Set<string>) {
  let stopped = false;
  void untilStopped().then(() => {
    stopped = true;
  });
  while (!stopped) {
    await sleep(options.interval);
    if (!stopped) printNew(output, await readPage(control, options, FOLLOW_PAGE), seen);
  }
}

export function registerLogs(program: Command, output: Output): void {
  program
    .command('logs')
    .description("Print a running sandbox's request log: time, method, status, latency, request id and path.")
    .argument('<sandbox-url>', 'the sandbox, e.g. http://127.0.0.1:4010', urlArgument)
    .option('--status <class>', 'only this status class (4xx) or status (404)')
    .option('--path <prefix>', 'only requests whose path starts with this')
    .option('--limit <n>', 'how many of the most recent requests to print first', countArgument, 20)
    .option('-f, --follow', 'keep printing new requests until interrupted')
    .option('--interval <ms>', 'with --follow, how often to look for new requests', countArgument, 1000)
    .option('--header <name:value>', 'send this header (a credential off loopback; repeatable)', headerArgument, {})
    .addHelpText(
      'after',
      `
Secrets are redacted by the sandbox before they leave it: card numbers, card codes, keys, tokens and passwords.

Examples:
  $ paycontracts logs http://127.0.0.1:4010 --status 4xx
  $ paycontracts logs http://127.0.0.1:4010 --path /api/v1/payments --follow`,
    )
    .action(async (url: string, options: LogsOptions) => {
      const control = new SandboxControl(url, globalThis.fetch, options.header);
      const seen = new Set<string>();
      printNew(output, await readPage(control, options, Math.min(options.limit, FOLLOW_PAGE)), seen);
      if (options.follow) await follow(output, control, options, seen);
      await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
    });
}
