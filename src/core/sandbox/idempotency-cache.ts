import { createHash } from 'node:crypto';
import type { SandboxClock } from './clock.js';
import type { SandboxReply } from './types.js';

interface Entry {
  fingerprint: string;
  reply: Promise<SandboxReply>;
  expiresAt: number;
}

/** Canonical JSON (sorted keys), so the same body with reordered keys is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export type IdempotencyOutcome =
  | { kind: 'replay'; reply: Promise<SandboxReply> }
  | { kind: 'conflict' }
  | { kind: 'new' };

/**
 * Remembers the reply to each idempotency key: the same key and body replay the original reply (even while it is
 * still being computed, so concurrent duplicates create one resource), a different body is a conflict.
 */
export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: SandboxClock) {}

  /** Must be followed synchronously by `remember` for a `new` outcome, so no concurrent request slips in between. */
  check(scope: string, key: string, body: unknown): IdempotencyOutcome {
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry || entry.expiresAt <= this.clock.now()) return { kind: 'new' };
    return entry.fingerprint === createHash('sha256').update(canonical(body)).digest('hex')
      ? { kind: 'replay', reply: entry.reply }
      : { kind: 'conflict' };
  }

  remember(scope: string, key: string, body: unknown, reply: Promise<SandboxReply>, windowSeconds: number): void {
    const fingerprint = createHash('sha256').update(canonical(body)).digest('hex');
    this.entries.set(`${scope}\u0000${key}`, {
      fingerprint,
      reply,
      expiresAt: this.clock.now() + windowSeconds * 1000,
    });
  }

  clear(): void {
    this.entries.clear();
  }
}
