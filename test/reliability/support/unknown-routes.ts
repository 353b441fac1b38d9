import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-request.js';
import type { ProviderArtifacts } from './provider-artifacts.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A request to a route the spec does not have; the sandbox must answer the provider's 404 in its error format. */
export interface UnknownRoute {
  rule: string;
  request: FuzzRequest;
}

/**
 * Requests no documented operation answers: a documented path with another method, or a documented path with an
 * extra segment. Each is checked against every operation's path template (parameters match any segment), so it
 * cannot land on a real operation.
 */
export function unknownRoutes(artifacts: ProviderArtifacts): fc.Arbitrary<UnknownRoute> {
  // Every path, "coming soon" ones too: the sandbox routes them (to its 404), so they are not unknown routes.
  const documented = Object.entries(artifacts.spec.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m.toLowerCase()] !== undefined).map((m) => ({
      method: m,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    })),
  );
  const answered = (method: string, path: string) =>
    documented.some((route) => route.method === method && route.pattern.test(path));
  const paths = Object.keys(artifacts.spec.paths ?? {}).map((template) => template.replace(/\{[^}]+\}/g, 'x1'));
  const segment = fc.string({ minLength: 1, maxLength: 16 }).map((s) => s.replace(/[^A-Za-z0-9_-]/g, '') || 'x');
  return fc
    .tuple(fc.constantFrom(...paths), fc.constantFrom(...METHODS), fc.option(segment, { nil: undefined }))
    .map(([path, method, extra]) => ({ method, path: extra === undefined ? path : `${path}/${extra}` }))
    .filter(({ method, path }) => !answered(method, path))
    .map(({ method, path }) => ({
      rule: `${method} ${path}`,
      request: { method, pathTemplate: path, path: {}, query: {}, headers: {} },
    }));
}
