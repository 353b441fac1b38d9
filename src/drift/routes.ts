import type { OpenApiDocument } from '../core/openapi-document.js';

interface Route {
  template: string;
  pattern: RegExp;
  params: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The spec's path templates, matched against a request path: `/api/v1/payments/pay_1/capture` →
 * `/api/v1/payments/{id}/capture`. The template with the most literal segments wins, as in a router.
 */
export class SpecRoutes {
  private readonly routes: Route[];

  constructor(doc: OpenApiDocument) {
    this.routes = Object.keys(doc.paths ?? {})
      .map((template) => {
        const parts = template.split(/(\{[^}]+\})/).filter((p) => p !== '');
        const source = parts.map((p) => (p.startsWith('{') ? '[^/]+' : escapeRegExp(p))).join('');
        return {
          template,
          pattern: new RegExp(`^${source}/?$`),
          params: parts.filter((p) => p.startsWith('{')).length,
        };
      })
      .sort((a, b) => a.params - b.params);
  }

  /** The template a request path matches, if any. */
  match(pathname: string): string | undefined {
    return this.routes.find((r) => r.pattern.test(pathname))?.template;
  }
}
