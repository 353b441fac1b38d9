import type { RunningSandbox } from '../../../src/sandbox/index.js';

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { '<Map>': [...value.entries()] };
  if (value instanceof Set) return { '<Set>': [...value.values()] };
  if (typeof value === 'bigint') return `${value}n`;
  return value;
}

/**
 * Everything a request could have changed, as text: the sandbox's state (Maps and Sets as entry lists, bigints
 * as `12n`) and the webhook events it recorded.
 */
export function stateSnapshot(sandbox: RunningSandbox): string {
  return JSON.stringify(
    { state: sandbox.state(), webhooks: sandbox.webhooks.deliveries.map((d) => [d.id, d.event]) },
    replacer,
  );
}

/** Where two snapshots first differ, with some context, for a failure message. */
export function firstDifference(before: string, after: string): string {
  let at = 0;
  while (at < before.length && before[at] === after[at]) at++;
  const from = Math.max(0, at - 120);
  return `before: …${before.slice(from, at + 120)}…\nafter:  …${after.slice(from, at + 120)}…`;
}
