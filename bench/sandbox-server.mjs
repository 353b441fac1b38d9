// One sandbox in its own process for the load benchmark, from the compiled package (run `npm run build` first):
// `SLUG=alyapay PORT=… node bench/sandbox-server.mjs`.
import { startSandbox } from '../dist/src/sandbox/index.js';

// Throughput, not throttling: the documented rate limits are lifted.
const sandbox = await startSandbox(process.env.SLUG ?? 'alyapay', {
  port: Number(process.env.PORT ?? 0),
  rateLimit: false,
  // DATA=file: state kept in that SQLite file (`--data`), for the durable-state benchmark.
  data: process.env.DATA || undefined,
});
console.log(`listening on ${sandbox.url}`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
