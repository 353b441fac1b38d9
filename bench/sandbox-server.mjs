// One sandbox in its own process for the load benchmarks, from the compiled package (run `npm run build` first):
// `SLUG=alyapay PORT=… node bench/sandbox-server.mjs`. SANDBOX_DIST=dir runs another build's dist/src/sandbox
// (the profile benchmark's baseline); PROFILE_FILE=file records a CPU profile from SIGUSR2 until SIGTERM.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { profilerHook } from './profiler-hook.mjs';

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

const writeProfile = await profilerHook();
console.log(`listening on ${sandbox.url}`);
const stop = async () => {
  await writeProfile();
  await sandbox.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
