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

/** How many keys may pile up before expired ones are swept. */
const SWEEP_EVERY = 1024;

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
  private sweepAt = SWEEP_EVERY;

  constructor(private readonly clock: SandboxClock) {}

  /** keys held now (for the memory tests) */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every key whose window has passed, so memory follows the keys still replayable, not the traffic. */
  sweep(now = this.clock.now()): void {
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
    this.sweepAt = Math.max(SWEEP_EVERY, this.entries.size * 2);
  }

  /** Forgets a key whose request got no reply to replay (the sandbox failed on it). */
  forget(scope: string, key: string): void {
    this.entries.delete(`${scope}\u0000${key}`);
  }

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
    if (this.entries.size >= this.sweepAt) this.sweep();
    const fingerprint = createHash('sha256').update(canonical(body)).digest('hex');
    this.entries.set(`${scope}\u0000${key}`, {
      fingerprint,
      reply,
      expiresAt: this.clock.now() + windowSeconds * 1000,
    });
  }

  clear(): void {
    this.entries.clear();
    this.sweepAt = SWEEP_EVERY;
  }
}
