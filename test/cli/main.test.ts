import { describe, expect, test, vi } from 'vitest';
import { createOutput } from '../../src/cli/output.js';
import { runCli as runInProcess } from '../../src/cli/program.js';
import { CLI_THROUGH_TSX, expectUsageError, runCli } from './cli-process.js';

/**
 * `paycontracts …args` run in this process, its stdout captured: for checks of what a command prints, where the
 * process boundary is not what is tested (exit codes and streams are, through the real process, above and below).
 */
async function helpInProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const code = await runInProcess(args, createOutput());
    return { code, stdout };
  } finally {
    write.mockRestore();
  }
}

const COMMANDS = [
  'build',
  'lint',
  'docs',
  'mock',
  'sandbox',
  'trigger',
  'logs',
  'contract',
  'diff',
  'postman',
  'inferences',
];

describe('paycontracts', () => {
  test('--help lists every command and the exit codes', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(stdout).toContain('Exit codes: 0 ok, 1 failures found');
  });

  test.each(COMMANDS)('%s --help explains the command with examples', async (command) => {
    const { code, stdout } = await helpInProcess([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: paycontracts ${command}`);
    expect(stdout).toMatch(new RegExp(`Examples:\\n  \\$ paycontracts ${command}`));
  });

  test('--version prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('runs from source through tsx, as `npm run cli --` runs it', async () => {
    const { code, stdout, stderr } = await runCli(['--version'], { cli: CLI_THROUGH_TSX });
    expect(code, stderr).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('an unknown command is a usage error that says where the usage is', async () => {
    expectUsageError(await runCli(['deploy']), /unknown command 'deploy'.*paycontracts --help/);
  });

  test('an unknown option is a usage error', async () => {
    expectUsageError(await runCli(['lint', '--fast']), /unknown option '--fast'/);
  });

  test('no command prints the usage and exits 2', async () => {
    const { code, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: paycontracts');
  });
});
