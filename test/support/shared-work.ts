import { existsSync, watch } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Resolves with the outcome file once it exists, or rejects after `timeoutMs`. */
function waitForFile(dir: string, file: string, what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dir);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new Error(`${what}: the test file doing it wrote no result within ${timeoutMs} ms`)),
      timeoutMs,
    );
    watcher.on('change', () => existsSync(file) && finish());
    watcher.on('error', finish);
    if (existsSync(file)) finish();
  });
}

/**
 * Work that several test files need the same result of, done once per run: the first file to ask does it and
 * writes the outcome (a JSON value, or the error) under the run's folder; the others wait for that file, with a
 * time limit. Outside a run that provides the folder, each caller does the work itself.
 */
export async function sharedWork<T>(name: string, work: () => Promise<T>, timeoutMs: number): Promise<T> {
  const runDir = inject('runDir');
  if (!runDir) return work();
  const dir = join(runDir, name);
  const file = join(dir, 'outcome.json');
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await waitForFile(dir, file, name, timeoutMs);
    const outcome = JSON.parse(await readFile(file, 'utf8')) as Outcome<T>;
    if (!outcome.ok) throw new Error(`${name} failed in the test file that did it:\n${outcome.error}`);
    return outcome.value;
  }
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: await work() };
  } catch (error) {
    outcome = { ok: false, error: (error as Error)?.stack ?? String(error) };
    await writeFile(`${file}.tmp`, JSON.stringify(outcome));
    await rename(`${file}.tmp`, file);
    throw error;
  }
  await writeFile(`${file}.tmp`, JSON.stringify(outcome));
  await rename(`${file}.tmp`, file);
  return outcome.value;
}
