/**
 * Processes each webhook delivery once. Providers retry and duplicate deliveries (Chari Pay: "the same event may
 * arrive several times"), so a receiver claims the delivery id before handling it and releases it if handling
 * fails, letting the provider's next retry try again.
 */

/**
 * Where processed ids live. `claim` must be atomic: of concurrent claims of one id, exactly one gets `true`.
 * With Redis, for example: `claim` = `SET id 1 NX`, `release` = `DEL id`, `complete` = `EXPIRE id <retention>`.
 */
export interface ProcessedEventStore {
  /** Takes the id if no one holds it; true when this caller may process the delivery. */
  claim(id: string): Promise<boolean>;
  /** Gives the id back after a failed attempt so a retry can process it. */
  release(id: string): Promise<void>;
  /** Records that the id was processed (optional: a store may treat a claim as final until released). */
  complete?(id: string): Promise<void>;
}

/** One process's memory; use a shared store (a database, Redis) when several instances receive webhooks. */
export function createMemoryEventStore(options: { maxEntries?: number } = {}): ProcessedEventStore {
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new TypeError(`maxEntries must be a whole number ≥ 1, got ${String(maxEntries)}.`);
  const claimed = new Map<string, 'processing' | 'done'>();
  return {
    async claim(id) {
      if (claimed.has(id)) return false;
      claimed.set(id, 'processing');
      // Forget the oldest processed ids first; ids being processed are never dropped.
      for (const [old, state] of claimed) {
        if (claimed.size <= maxEntries) break;
        if (state === 'done') claimed.delete(old);
      }
      return true;
    },
    async release(id) {
      claimed.delete(id);
    },
    async complete(id) {
      if (claimed.has(id)) claimed.set(id, 'done');
    },
  };
}

export type IdempotentOutcome<R> =
  | { processed: true; id: string; result: R }
  | { processed: false; id: string; reason: 'duplicate' };

export interface IdempotentHandlerOptions<D, R> {
  handler: (delivery: D) => R | Promise<R>;
  /** Default: an in-memory store of this process. */
  store?: ProcessedEventStore;
  /** The id to de-duplicate on. Default: `delivery.id`, as the verify functions return it. */
  key?: (delivery: D) => string | undefined;
}

/**
 * Wraps a webhook handler so each delivery id is handled once: a duplicate (or a concurrent copy of a delivery
 * being handled) resolves to `{ processed: false, reason: 'duplicate' }` without calling the handler; answer it 2xx.
 * If the handler throws, the id is released and the error rethrown, so answer non-2xx and let the provider retry.
 */
export function createIdempotentHandler<D, R>(
  options: IdempotentHandlerOptions<D, R>,
): (delivery: D) => Promise<IdempotentOutcome<R>> {
  const { handler } = options;
  if (typeof handler !== 'function')
    throw new TypeError('createIdempotentHandler needs a handler function: { handler: async (delivery) => … }.');
  const store = options.store ?? createMemoryEventStore();
  const key = options.key ?? ((delivery: D) => (delivery as { id?: unknown } | undefined)?.id as string | undefined);
  return async (delivery) => {
    const id = key(delivery);
    if (typeof id !== 'string' || id.length === 0) {
      throw new TypeError(
        'This delivery has no id to de-duplicate on; pass key: (delivery) => … to createIdempotentHandler.',
      );
    }
    if (!(await store.claim(id))) return { processed: false, id, reason: 'duplicate' };
    let result: R;
    try {
      result = await handler(delivery);
    } catch (error) {
      await store.release(id);
      throw error;
    }
    await store.complete?.(id);
    return { processed: true, id, result };
  };
}
