interface Entry {
  value: Promise<unknown>;
  users: number;
  stop(value: unknown): Promise<void> | void;
}

const REGISTRY = Symbol.for('paycontracts.global-setup.run-once');
const holder = globalThis as { [REGISTRY]?: Map<string, Entry> };
holder[REGISTRY] ??= new Map();
const registry = holder[REGISTRY];

/**
 * Vitest runs a global setup once per project (and once more for the root config), in the same process: the first
 * caller under `key` starts the resource, later ones share it, and the last release stops it.
 */
export async function runOnce<T>(
  key: string,
  start: () => Promise<T>,
  stop: (value: T) => Promise<void> | void,
): Promise<{ value: T; release(): Promise<void> }> {
  let entry = registry.get(key);
  if (!entry) {
    entry = { value: start(), users: 0, stop: stop as Entry['stop'] };
    registry.set(key, entry);
  }
  entry.users += 1;
  const shared = entry;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    shared.users -= 1;
    if (shared.users > 0) return;
    registry.delete(key);
    await shared.stop(await shared.value);
  };
  try {
    return { value: (await shared.value) as T, release };
  } catch (error) {
    shared.users -= 1;
    if (shared.users === 0) registry.delete(key);
    throw error;
  }
}
