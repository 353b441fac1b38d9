// The child process of a load test: one sandbox, answering its parent over IPC with its memory (after a full GC)
// and a summary of its state, so the parent can load it from outside and watch it from inside.
import { assertProviderSlug } from '../../../src/core/providers.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { ChildMessage, ParentMessage, StateSummary } from './sandbox-ipc.js';

const slug = process.env.PAYCONTRACTS_SANDBOX_SLUG;
if (!slug || !process.send) throw new Error('Start this file with fork() and PAYCONTRACTS_SANDBOX_SLUG.');
assertProviderSlug(slug);
const send = (message: ChildMessage) => process.send!(message);

// Load measures the sandbox, not its throttling (test/core/sandbox/rate-limit.test.ts covers that), so the
// documented request limits are lifted.
const sandbox = await startSandbox(slug, { rateLimit: false });
const gc = (globalThis as { gc?: () => void }).gc;

/** Sizes of the state's collections, and every wallet balance where the state keeps wallets. */
function summarize(): StateSummary {
  const state = sandbox.state() as Record<string, unknown>;
  const sizes: Record<string, number> = {};
  const balances: Record<string, string> = {};
  for (const [name, value] of Object.entries(state)) {
    if (value instanceof Map) sizes[name] = value.size;
    else if (Array.isArray(value)) sizes[name] = value.length;
    if (value instanceof Map) {
      for (const [key, entry] of value) {
        const balance = (entry as { account?: { balance?: unknown } })?.account?.balance;
        if (typeof balance === 'bigint') balances[`${name}:${String(key)}`] = String(balance);
      }
    }
  }
  return {
    sizes,
    balances,
    webhookDeliveries: sandbox.webhooks.deliveries.length,
    internalErrors: sandbox.internalErrors.slice(0, 5),
    responseViolations: sandbox.responseViolations.slice(0, 5),
  };
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'memory') {
    gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    send({ type: 'memory', id: message.id, heapUsed, rss, gcExposed: gc !== undefined });
  } else if (message.type === 'state') {
    send({ type: 'state', id: message.id, summary: summarize() });
  } else if (message.type === 'stop') {
    void sandbox.close().then(() => process.exit(0));
  }
});
send({ type: 'ready', url: sandbox.url });
