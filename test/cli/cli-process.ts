import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import { projectRoot } from '../../src/pipeline/project-root.js';

const root = projectRoot();
/** The CLI from source through tsx, as `npm run cli --` runs it. */
export const CLI_THROUGH_TSX = ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')];
/**
 * The CLI from source as the tests spawn it: the run's global setup transpiles `src/` once (test/support/
 * cli-transpile.ts), which spares each spawn tsx's loader thread; under a config without that setup, through tsx.
 */
export const CLI = inject('cliEntry') ? [inject('cliEntry')] : CLI_THROUGH_TSX;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `paycontracts …args` to completion (never with colour: the output is not a terminal). */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; nodeArgs?: string[]; cli?: string[] } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...(options.cli ?? CLI), ...args], {
      cwd: options.cwd ?? root,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `paycontracts ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms.\n${stdout}\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A usage error: exit 2 and exactly one line on stderr that matches `message`, with no stack trace. */
export function expectUsageError(result: CliResult, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^paycontracts: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

export interface RunningCli {
  /** the URL from the `listening on URL` line */
  url: string;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Sends `signal` to the CLI's PID and resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a server command and resolves once it printed `listening on URL`, or rejects after `timeoutMs`. */
export function startCli(args: string[], timeoutMs = 60_000): Promise<RunningCli> {
  const child: ChildProcess = spawn(process.execPath, [...CLI, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(
        new Error(
          `paycontracts ${args.join(' ')} printed no "listening on" line within ${timeoutMs} ms.\n${stdout}\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.stderr!.on('data', (c: Buffer) => (stderr += c));
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c;
      const match = /^listening on (\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, pid: child.pid!, stdout: () => stdout, stderr: () => stderr, stop });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`paycontracts ${args.join(' ')} exited with ${code} before listening.\n${stdout}\n${stderr}`));
    });
  });
}
