import type { IncomingMessage } from 'node:http';
import type { JsonObject, OpenApiDocument } from '../openapi-document.js';
import type { IndexedOperation } from '../operation-index.js';
import { controlError } from './control-error.js';
import type { SandboxReply } from './types.js';

/** How long a browser may cache a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * An operation the provider's browser flow calls from the merchant's own page, with a publishable credential
 * (`x-cors: public`): Haloubi's public payment-intent endpoints with the client secret. Any origin may call it.
 */
export function isPublicToBrowsers(op: IndexedOperation): boolean {
  return op.raw['x-cors'] === 'public';
}

/** A clear error for an origin option that is not one (`http://localhost:5173/docs`, `localhost:5173`). */
export function checkCorsOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => {
    const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, '')) {
      throw new Error(
        `CORS origin "${origin}" is not an origin; give scheme, host and port only: http://127.0.0.1:8080`,
      );
    }
    return parsed.origin;
  });
}

/** The request headers a browser may send to `op`: its header parameters, header credentials and Content-Type. */
function allowedHeaders(spec: OpenApiDocument, op: IndexedOperation): string {
  const schemes = ((spec.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
  const names = new Set(['content-type']);
  for (const parameter of op.parameters) if (parameter.in === 'header') names.add(parameter.name.toLowerCase());
  for (const requirement of op.security) {
    for (const name of Object.keys(requirement)) {
      const scheme = schemes[name] ?? {};
      if (scheme.type === 'http') names.add('authorization');
      else if (scheme.type === 'apiKey' && scheme.in === 'header') names.add(String(scheme.name).toLowerCase());
    }
  }
  return [...names].join(', ');
}

/** The response headers the spec documents for `op`, which a page's script may then read. */
function exposedHeaders(op: IndexedOperation): string {
  const names = new Set<string>();
  for (const response of op.responses) for (const name of Object.keys(response.headers)) names.add(name.toLowerCase());
  return [...names].join(', ');
}

/**
 * CORS for the provider API of a sandbox: the operations a provider's browser flow calls (`x-cors: public`) answer
 * any origin; every other operation is a merchant's server-to-server call and answers only the origins the sandbox
 * was started with (`--cors-origin`, the docs' try-it console), so a page elsewhere cannot drive it.
 */
export class CorsPolicy {
  private readonly origins: Set<string>;

  constructor(
    private readonly spec: OpenApiDocument,
    origins: readonly string[] = [],
  ) {
    this.origins = new Set(checkCorsOrigins(origins));
  }

  private allows(op: IndexedOperation, origin: string): boolean {
    return isPublicToBrowsers(op) || this.origins.has(origin);
  }

  /** Headers a reply to a cross-origin request carries, or undefined (no Origin, or an origin not allowed). */
  replyHeaders(op: IndexedOperation, origin: string | undefined): Record<string, string> | undefined {
    if (origin === undefined || !this.allows(op, origin)) return undefined;
    const headers: Record<string, string> = { 'access-control-allow-origin': origin, vary: 'Origin' };
    const exposed = exposedHeaders(op);
    if (exposed) headers['access-control-expose-headers'] = exposed;
    return headers;
  }

  /**
   * The answer to `OPTIONS path`: a preflight for an operation this origin may call gets its method and headers; a
   * preflight for a merchant endpoint from another origin is refused, and says how to open it.
   */
  preflight(req: IncomingMessage, path: string, byMethod: Map<string, IndexedOperation>): SandboxReply | undefined {
    const origin = req.headers.origin;
    const method = String(req.headers['access-control-request-method'] ?? '').toUpperCase();
    if (origin === undefined || !method) return undefined;
    const op = byMethod.get(method);
    if (!op) {
      return controlError(405, 'cross_origin_refused', `${path} has no ${method} operation to call from a page.`);
    }
    if (!this.allows(op, origin)) {
      return controlError(
        403,
        'cross_origin_refused',
        `${method} ${path} is a merchant server's call: this sandbox answers it from ${origin} only when started ` +
          `with --cors-origin ${origin} (startSandbox option corsOrigins).`,
      );
    }
    return {
      status: 204,
      headers: {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': method,
        'access-control-allow-headers': allowedHeaders(this.spec, op),
        'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
        vary: 'Origin',
      },
    };
  }
}
