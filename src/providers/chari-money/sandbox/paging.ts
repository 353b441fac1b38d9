import { DEFAULT_PAGE_SIZE } from './documented-facts.js';

/** One page `{ collection, count }` of `items` (PageNumber from 1, PageSize "par défaut : 10"). */
export function page<T, V>(
  items: T[],
  query: Record<string, unknown>,
  view: (item: T) => V,
): { collection: V[]; count: number } {
  const size = Number(query.PageSize ?? DEFAULT_PAGE_SIZE);
  const start = (Number(query.PageNumber ?? 1) - 1) * size;
  return { collection: items.slice(start, start + size).map(view), count: items.length };
}

/** Whether an ISO date-time lies within the optional `From`/`To` range (both bounds inclusive; the document does not say). */
export function withinRange(at: number, query: Record<string, unknown>): boolean {
  const from = query.From === undefined ? undefined : Date.parse(String(query.From));
  const to = query.To === undefined ? undefined : Date.parse(String(query.To));
  return (from === undefined || at >= from) && (to === undefined || at <= to);
}
