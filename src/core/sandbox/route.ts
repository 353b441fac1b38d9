import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';

/** What a matched route runs; `url` is the parsed request target. */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string | undefined>,
  url: URL,
) => void;

/**
 * The request target as a URL, or undefined when it cannot be one (`http://[`, `http://%zz/`). Only the path and query
 * are kept: an absolute-form target's host is never trusted.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  const raw = target ?? '/';
  if (!raw.startsWith('/')) {
    const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
    return parsed ? new URL(`${parsed.pathname}${parsed.search}`, 'http://sandbox') : undefined;
  }
  // Prefixed, not resolved against a base: `//host/...` would otherwise be read as a host; here it is a path.
  // Parsed once (a `canParse` first would parse every request twice); only an unparsable target throws.
  try {
    return new URL(`http://sandbox${raw}`);
  } catch {
    return undefined;
  }
}

/** `{id}` → `:id`, the router's syntax. */
export function routePath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** Query parameters as an object; a repeated name becomes an array. */
export function queryObject(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (url.search === '') return out;
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** Route: method and path to a handler, with HEAD answered by the GET route (and no body). */
export class SandboxRouter {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });

  on(method: string, pathTemplate: string, handler: RouteHandler): void {
    this.router.on(method.toUpperCase() as 'GET', routePath(pathTemplate), handler as never);
  }

  find(
    method: string,
    pathname: string,
  ): { handler: RouteHandler; params: Record<string, string | undefined> } | undefined {
    const found = this.router.find((method === 'HEAD' ? 'GET' : method) as 'GET', pathname);
    return found ? { handler: found.handler as unknown as RouteHandler, params: found.params } : undefined;
  }
}
