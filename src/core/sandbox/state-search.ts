/**
 * Whether a sandbox state holds a string anywhere (a key or a value, in objects, arrays, Maps and Sets): how a
 * customer's page, opened with no credential, finds the tenant that holds its payment when no index names it.
 * Walks the whole state, so it serves rare calls (a page a person opens), never the provider API's hot path.
 */
export function holdsValue(state: unknown, wanted: string): boolean {
  const seen = new Set<object>();
  const pending: unknown[] = [state];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === wanted) return true;
    if (item === null || typeof item !== 'object' || seen.has(item)) continue;
    seen.add(item);
    if (item instanceof Map) {
      for (const [key, value] of item) pending.push(key, value);
    } else if (item instanceof Set || Array.isArray(item)) {
      for (const value of item) pending.push(value);
    } else {
      for (const value of Object.values(item)) pending.push(value);
    }
  }
  return false;
}
