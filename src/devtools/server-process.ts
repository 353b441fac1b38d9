import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on the loopback interface, chosen by the OS. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Rejects with the listen error (EADDRINUSE, EACCES) when `port` cannot be bound on `host`, for a server that a child
 * process will bind, whose own failure would only be an exit code.
 */
export function assertCanListen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Polls `url` until the server answers any HTTP status, or throws after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  {
    timeoutMs = 30_000,
    intervalMs = 100,
    process,
  }: { timeoutMs?: number; intervalMs?: number; process?: ChildProcess } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (process && process.exitCode !== null)
      throw new Error(`The server process exited with code ${process.exitCode} before answering ${url}.`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(500, intervalMs * 5)) });
      await response.body?.cancel();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
  throw new Error(
    `No HTTP answer from ${url} within ${timeoutMs} ms (${(lastError as Error)?.message ?? 'no response'}).`,
  );
}

export interface RunningServer {
  url: string;
  pid: number;
  /** Stops the process we started, by its PID: SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
  /** What the process printed, for error reports. */
  output(): string;
}

/** Starts a server process and resolves once it answers HTTP at `readyUrl`. */
export async function startServerProcess(
  command: string,
  args: string[],
  options: { url: string; readyUrl?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<RunningServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (child.pid === undefined) throw new Error(`Could not start ${command}.`);
  const pid = child.pid;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      process.kill(pid, 'SIGTERM');
    });
  try {
    await waitForHttp(options.readyUrl ?? options.url, { timeoutMs: options.timeoutMs ?? 60_000, process: child });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-2_000)}`);
  }
  return { url: options.url, pid, stop, output: () => output };
}
