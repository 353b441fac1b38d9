import type { IndexedOperation } from './operation-index.js';

/** The element type of the first array-valued property of a page body. */
export type PageItem<Page> = Page extends readonly (infer E)[]
  ? E
  : { [K in keyof Page]-?: NonNullable<Page[K]> extends readonly (infer E)[] ? E : never }[keyof Page];

/** An operation's `x-pagination` (specs/README.md lists the three forms). */
type PaginationSpec =
  | { style: 'page'; itemsField: string; pageParam: string; sizeParam?: string; totalField?: string }
  | { style: 'offset'; itemsField: string; limitParam: string; offsetParam: string; maxLimit?: number }
  | { style: 'cursor'; itemsField: string; cursorParam: string; nextCursorField?: string; hasMoreField?: string };

type Init = Record<string, unknown> | undefined;
type FetchPage = (init: Record<string, unknown>) => Promise<unknown>;
type Query = Record<string, unknown>;

/** A hard stop against a server that never says it is done. */
const MAX_PAGES = 10_000;

function withQuery(init: Init, query: Query): Record<string, unknown> {
  const params = (init?.params ?? {}) as Record<string, unknown>;
  return { ...init, params: { ...params, query: { ...((params.query ?? {}) as Query), ...query } } };
}

/** The operation's `x-pagination`, with the parameters its style needs, or a TypeError naming what is missing. */
function paginationOf(op: IndexedOperation): PaginationSpec {
  const raw = op.raw['x-pagination'] as Record<string, unknown> | undefined;
  const name = `${op.method.toUpperCase()} ${op.path} (${op.operationId})`;
  if (!raw) throw new TypeError(`${name} is not a paged list in its spec.`);
  const needed = { page: ['pageParam'], offset: ['limitParam', 'offsetParam'], cursor: ['cursorParam'] }[
    String(raw.style) as PaginationSpec['style']
  ];
  if (!needed) throw new TypeError(`${name}: x-pagination style "${String(raw.style)}" is not page, offset or cursor.`);
  const missing = ['itemsField', ...needed].filter((key) => typeof raw[key] !== 'string');
  if (missing.length > 0) throw new TypeError(`${name}: its x-pagination lacks ${missing.join(', ')}.`);
  return raw as unknown as PaginationSpec;
}

/** Page number + size, until a short page or the total count. */
async function* byPage(
  spec: Extract<PaginationSpec, { style: 'page' }>,
  init: Init,
  query: Query,
  fetchPage: FetchPage,
  items: (page: unknown) => unknown[],
) {
  let pageNumber = Number(query[spec.pageParam] ?? 1);
  let seen = 0;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await fetchPage(withQuery(init, { [spec.pageParam]: pageNumber }));
    const list = items(page);
    yield* list;
    seen += list.length;
    const total = Number((page as Record<string, unknown>)[spec.totalField ?? 'count']);
    if (list.length === 0 || (Number.isFinite(total) && seen >= total)) return true;
    pageNumber++;
  }
  return false;
}

/** Limit/offset, until a page shorter than the limit asked for (or documented as the default). */
async function* byOffset(
  spec: Extract<PaginationSpec, { style: 'offset' }>,
  op: IndexedOperation,
  init: Init,
  query: Query,
  fetchPage: FetchPage,
  items: (page: unknown) => unknown[],
) {
  let offset = Number(query[spec.offsetParam] ?? 0);
  const documentedDefault = op.parameters.find((p) => p.in === 'query' && p.name === spec.limitParam)?.schema.default;
  for (let n = 0; n < MAX_PAGES; n++) {
    const list = items(await fetchPage(withQuery(init, { [spec.offsetParam]: offset })));
    yield* list;
    const limit = Number(query[spec.limitParam] ?? documentedDefault ?? list.length);
    if (list.length === 0 || list.length < limit) return true;
    offset += list.length;
  }
  return false;
}

/** A cursor from the page (or the last item's id), while the page says there is more. */
async function* byCursor(
  spec: Extract<PaginationSpec, { style: 'cursor' }>,
  init: Init,
  query: Query,
  fetchPage: FetchPage,
  items: (page: unknown) => unknown[],
) {
  let cursor = query[spec.cursorParam];
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = (await fetchPage(
      cursor === undefined ? (init ?? {}) : withQuery(init, { [spec.cursorParam]: cursor }),
    )) as Record<string, unknown>;
    const list = items(page);
    yield* list;
    const hasMore = spec.hasMoreField ? page[spec.hasMoreField] === true : list.length > 0;
    const next = spec.nextCursorField
      ? page[spec.nextCursorField]
      : (list.at(-1) as Record<string, unknown> | undefined)?.id;
    if (!hasMore || next === undefined || next === null || list.length === 0) return true;
    cursor = next;
  }
  return false;
}

/**
 * Walks every page of a list, in the style its spec declares in `x-pagination`:
 * page number + size with a total count, limit/offset, or a cursor.
 */
export async function* paginate(op: IndexedOperation, init: Init, fetchPage: FetchPage): AsyncGenerator<unknown> {
  const spec = paginationOf(op);
  const query = (((init?.params ?? {}) as Record<string, unknown>).query ?? {}) as Query;
  const items = (page: unknown): unknown[] => {
    const list = (page as Record<string, unknown> | undefined)?.[spec.itemsField];
    if (!Array.isArray(list))
      throw new TypeError(
        `${op.operationId} returned a page without the "${spec.itemsField}" array its spec declares.`,
      );
    return list;
  };
  const finished =
    spec.style === 'page'
      ? yield* byPage(spec, init, query, fetchPage, items)
      : spec.style === 'offset'
        ? yield* byOffset(spec, op, init, query, fetchPage, items)
        : yield* byCursor(spec, init, query, fetchPage, items);
  if (!finished)
    throw new Error(`${op.operationId}: stopped after ${MAX_PAGES} pages; the server never signalled the last page.`);
}
