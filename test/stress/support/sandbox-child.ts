import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ChildMessage, ParentMessage, StateSummary } from './sandbox-ipc.js';

export interface SandboxChild {
  url: string;
  pid: number;
  /** heap used after a full GC, and RSS, in bytes */
  memory(): Promise<{ heapUsed: number; rss: number; gcExposed: boolean }>;
  state(): Promise<StateSummary>;
  stop(): Promise<void>;
}

const STARTUP_MS = 60_000;
const ANSWER_MS = 30_000;
const STOP_MS = 10_000;

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Starts a provider's sandbox in its own Node process (TypeScript through tsx, GC exposed), so the load generator
 * does not share its event loop and its memory can be measured alone.
 */
export async function startSandboxChild(slug: string): Promise<SandboxChild> {
  const child: ChildProcess = fork(join(import.meta.dirname, 'sandbox-process.ts'), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, PAYCONTRACTS_SANDBOX_SLUG: slug },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting = new Map<number, (message: ChildMessage) => void>();
  let nextId = 0;
  child.on('message', (message: ChildMessage) => {
    if ('id' in message) {
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    }
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => message.type === 'ready' && resolve(message.url));
    child.once('exit', (code) =>
      reject(new Error(`The ${slug} sandbox process exited with code ${code} before it was ready.`)),
    );
  });
  let url: string;
  try {
    url = await withDeadline(ready, STARTUP_MS, `The ${slug} sandbox process starting`);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const ask = <T extends ChildMessage>(type: 'memory' | 'state') =>
    withDeadline(
      new Promise<T>((resolve) => {
        const id = nextId++;
        waiting.set(id, (m) => resolve(m as T));
        child.send({ type, id } satisfies ParentMessage);
      }),
      ANSWER_MS,
      `The ${slug} sandbox answering "${type}"`,
    );
  return {
    url,
    pid: child.pid!,
    memory: async () => {
      const { heapUsed, rss, gcExposed } = await ask<Extract<ChildMessage, { type: 'memory' }>>('memory');
      return { heapUsed, rss, gcExposed };
    },
    state: async () => (await ask<Extract<ChildMessage, { type: 'state' }>>('state')).summary,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' } satisfies ParentMessage);
      try {
        await withDeadline(exited, STOP_MS, `The ${slug} sandbox process stopping`);
      } catch {
        // It did not stop by itself: the process we started, by its PID.
        process.kill(child.pid!, 'SIGKILL');
        await exited;
      }
    },
  };
}
