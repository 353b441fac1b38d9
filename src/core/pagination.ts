import type { IndexedOperation } from './operation-index.js';

/** The element type of the first array-valued property of a page body. */
export type PageItem<Page> = Page extends readonly (infer E)[]
  ? E
  : { [K in keyof Page]-?: NonNullable<Page[K]> extends readonly (infer E)[] ? E : never }[keyof Page];

interface PaginationSpec {
  style: 'page' | 'offset' | 'cursor';
  itemsField: string;
  pageParam?: string;
  sizeParam?: string;
  totalField?: string;
  limitParam?: string;
  offsetParam?: string;
  maxLimit?: number;
  cursorParam?: string;
  nextCursorField?: string;
  hasMoreField?: string;
}

/** A hard stop against a server that never says it is done. */
const MAX_PAGES = 10_000;

function withQuery(init: Record<string, unknown> | undefined, query: Record<string, unknown>): Record<string, unknown> {
  const params = (init?.params ?? {}) as Record<string, unknown>;
  return { ...init, params: { ...params, query: { ...((params.query ?? {}) as Record<string, unknown>), ...query } } };
}

/**
 * Walks every page of a list, in the style its spec declares in `x-pagination`:
 * page number + size with a total count, limit/offset, or a cursor.
 */
export async function* paginate(
  op: IndexedOperation,
  init: Record<string, unknown> | undefined,
  fetchPage: (init: Record<string, unknown>) => Promise<unknown>,
): AsyncGenerator<unknown> {
  const spec = op.raw['x-pagination'] as PaginationSpec | undefined;
  if (!spec)
    throw new TypeError(`${op.method.toUpperCase()} ${op.path} (${op.operationId}) is not a paged list in its spec.`);
  const query = (((init?.params ?? {}) as Record<string, unknown>).query ?? {}) as Record<string, unknown>;
  const items = (page: unknown): unknown[] => {
    const list = (page as Record<string, unknown> | undefined)?.[spec.itemsField];
    if (!Array.isArray(list))
      throw new TypeError(
        `${op.operationId} returned a page without the "${spec.itemsField}" array its spec declares.`,
      );
    return list;
  };

  if (spec.style === 'page') {
    let pageNumber = Number(query[spec.pageParam!] ?? 1);
    let seen = 0;
    for (let n = 0; n < MAX_PAGES; n++) {
      const page = await fetchPage(withQuery(init, { [spec.pageParam!]: pageNumber }));
      const list = items(page);
      yield* list;
      seen += list.length;
      const total = Number((page as Record<string, unknown>)[spec.totalField ?? 'count']);
      if (list.length === 0 || (Number.isFinite(total) && seen >= total)) return;
      pageNumber++;
    }
  } else if (spec.style === 'offset') {
    let offset = Number(query[spec.offsetParam!] ?? 0);
    for (let n = 0; n < MAX_PAGES; n++) {
      const page = await fetchPage(withQuery(init, { [spec.offsetParam!]: offset }));
      const list = items(page);
      yield* list;
      const documentedDefault = op.parameters.find((p) => p.in === 'query' && p.name === spec.limitParam)?.schema
        .default;
      const limit = Number(query[spec.limitParam!] ?? documentedDefault ?? list.length);
      if (list.length === 0 || list.length < limit) return;
      offset += list.length;
    }
  } else {
    let cursor = query[spec.cursorParam!];
    for (let n = 0; n < MAX_PAGES; n++) {
      const page = (await fetchPage(
        cursor === undefined ? (init ?? {}) : withQuery(init, { [spec.cursorParam!]: cursor }),
      )) as Record<string, unknown>;
      const list = items(page);
      yield* list;
      const hasMore = spec.hasMoreField ? page[spec.hasMoreField] === true : list.length > 0;
      const next = spec.nextCursorField
        ? page[spec.nextCursorField]
        : (list.at(-1) as Record<string, unknown> | undefined)?.id;
      if (!hasMore || next === undefined || next === null || list.length === 0) return;
      cursor = next;
    }
  }
  throw new Error(`${op.operationId}: stopped after ${MAX_PAGES} pages; the server never signalled the last page.`);
}
