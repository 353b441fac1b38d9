// One sandbox in its own process for the load benchmarks, from the compiled package (run `npm run build` first):
// `SLUG=alyapay PORT=… node bench/sandbox-server.mjs`. SANDBOX_DIST=dir runs another build's dist/src/sandbox
// (the profile benchmark's baseline); PROFILE_FILE=file records a CPU profile from SIGUSR2 until SIGTERM.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.env.SANDBOX_DIST
  ? pathToFileURL(join(process.env.SANDBOX_DIST, 'src', 'sandbox', 'index.js')).href
  : '../dist/src/sandbox/index.js';
const { startSandbox } = await import(entry);

// Throughput, not throttling: the documented rate limits are lifted.
const sandbox = await startSandbox(process.env.SLUG ?? 'alyapay', {
  port: Number(process.env.PORT ?? 0),
  rateLimit: false,
  // DATA=file: state kept in that SQLite file (`--data`), for the durable-state benchmark.
  data: process.env.DATA || undefined,
});

let profiler;
if (process.env.PROFILE_FILE) {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  process.on('SIGUSR2', () => void profiler.post('Profiler.start'));
}

console.log(`listening on ${sandbox.url}`);
const stop = async () => {
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop').catch(() => ({}));
    if (profile) await writeFile(process.env.PROFILE_FILE, JSON.stringify(profile));
  }
  await sandbox.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
