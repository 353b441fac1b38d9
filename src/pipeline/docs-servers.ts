/** The servers a spec names, as the docs show them: which are inferred, and which are placeholders. */
import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';

export interface DocServer {
  /** the URL with its variables filled with their defaults */
  url: string;
  environment?: string;
  description?: string;
  /** the spec chose this host where the document gives none or gives another (`x-inferred` on the server) */
  inferred: boolean;
  /**
   * The host is not published: the URL only exists through a server variable whose default the spec marks
   * `x-inferred` (Chari Money's production host is "communicated on request"). The docs never offer it as real.
   */
  placeholder: boolean;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function docServers(doc: OpenApiDocument): DocServer[] {
  const servers = Array.isArray(doc.servers) ? (doc.servers as JsonObject[]) : [];
  return servers.map((server) => {
    let url = String(server.url);
    let placeholder = false;
    for (const [name, variable] of Object.entries(isObject(server.variables) ? server.variables : {})) {
      if (!isObject(variable) || variable.default === undefined) continue;
      url = url.replaceAll(`{${name}}`, String(variable.default));
      if (variable['x-inferred'] === true) placeholder = true;
    }
    return {
      url,
      environment: typeof server['x-environment'] === 'string' ? server['x-environment'] : undefined,
      description: typeof server.description === 'string' ? server.description : undefined,
      inferred: server['x-inferred'] === true,
      placeholder,
    };
  });
}
