/**
 * A provider's reference page: Scalar's API reference with its try-it console, pointed first at the reader's local
 * sandbox, with the sandbox's default credentials filled in.
 *
 * Why Scalar (figures in BENCHMARKS.md, "Docs try-it console", from bench/docs-consoles.ts, Chari Money reference in
 * Chromium): it is the only one of the three with both a working search and a try-it console. Redoc has search but
 * no console (a paid feature, Redoc #53), so it would need a console of our own to maintain; Stoplight Elements'
 * web component has a console and shows its first screen soonest, but has no search. The price is weight: Scalar's
 * bundle is the largest (about 3.6 times Redoc's), served once from the site's own assets/, and its first screen
 * comes later than Redoc's (median about 1.5 times on the shared bench machine), and its search takes longer to show
 * the result. With its default fonts, telemetry, agent and MCP features off, it makes no request
 * off the machine (asserted by test/docs/browser.test.ts).
 */
import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';
import { escapeHtml, FAVICON, inlineJson, NAV, specTitle } from './docs-html.js';
import { withInferenceBadges } from './docs-inferred.js';
import { sandboxDefaultsFact } from './docs-sandbox-guide.js';
import { docServers } from './docs-servers.js';

/** The port the docs tell readers to start their sandbox on; the console's first server, editable on the page. */
export const LOCAL_SANDBOX_PORT = 4010;

export const SCALAR_ASSET = 'assets/scalar.standalone.js';

/**
 * The reference pages may call the reader's loopback sandbox and the servers the spec names, nothing else; scripts,
 * styles, fonts and images come from the site itself.
 */
function referenceCsp(doc: OpenApiDocument): string {
  const origins = new Set(['http://127.0.0.1:*', 'http://localhost:*']);
  for (const server of docServers(doc))
    if (!server.placeholder && URL.canParse(server.url)) origins.add(new URL(server.url).origin);
  return `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ${[...origins].join(' ')}; worker-src 'self' blob:">`;
}

/** The console's servers: the local sandbox first, then the spec's own, placeholders left out. */
export function consoleServers(slug: string, doc: OpenApiDocument): JsonObject[] {
  const local = {
    url: 'http://{host}:{port}',
    description: `Your local paycontracts sandbox: npx paycontracts sandbox ${slug} --port ${LOCAL_SANDBOX_PORT} --cors-origin <this site's origin>`,
    variables: { host: { default: '127.0.0.1' }, port: { default: String(LOCAL_SANDBOX_PORT) } },
  };
  const own = docServers(doc)
    .filter((server) => !server.placeholder)
    .map((server) => ({
      url: server.url,
      description: `${server.environment === 'production' ? 'Provider production' : 'Provider sandbox'}${server.inferred ? ' (host inferred)' : ''}: ${server.description ?? ''}`,
    }));
  return [local, ...own];
}

/** Scalar's prefilled credentials: the control spec's `x-sandbox-defaults` for this provider, by scheme name. */
export function consoleCredentials(
  slug: string,
  doc: OpenApiDocument,
  control: OpenApiDocument | undefined,
): JsonObject {
  const defaults = sandboxDefaultsFact(control, slug as Parameters<typeof sandboxDefaultsFact>[1]).credentials ?? {};
  const schemes = ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
  const securitySchemes: JsonObject = {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const value = defaults[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') securitySchemes[name] = { username: value.username, password: value.password };
    else if (scheme.type === 'http') securitySchemes[name] = { token: value };
    else securitySchemes[name] = { value };
  }
  const preferred = Object.keys(securitySchemes)[0];
  return preferred ? { preferredSecurityScheme: preferred, securitySchemes } : {};
}

/** Scalar's configuration: everything that would reach off the machine is off. */
export function scalarConfiguration(
  slug: string,
  doc: OpenApiDocument,
  control: OpenApiDocument | undefined,
): JsonObject {
  return {
    // The spec's own server list is replaced, so its placeholder host appears nowhere on the page.
    content: { ...withInferenceBadges(slug, doc), servers: consoleServers(slug, doc) },
    authentication: consoleCredentials(slug, doc, control),
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    mcp: { disabled: true },
    showDeveloperTools: 'never',
    documentDownloadType: 'none',
    persistAuth: false,
    hideClientButton: false,
  };
}

/** A banner above the reference: where the spec files are, and the command that starts a sandbox this page may call. */
function banner(slug: string): string {
  return `<header class="console-banner">${NAV}
<p>Try calls against your local sandbox: <code>npx paycontracts sandbox ${escapeHtml(slug)} --port ${LOCAL_SANDBOX_PORT} --cors-origin <span data-docs-origin>ORIGIN</span></code>
(<code>--cors-origin</code> lets this page call it; the console's first server is <code>http://127.0.0.1:${LOCAL_SANDBOX_PORT}</code>, editable).
Files: <a href="${escapeHtml(slug)}/openapi.json">OpenAPI</a> · <a href="${escapeHtml(slug)}-schemas.html">JSON Schemas</a> · <a href="${escapeHtml(slug)}/postman.json">Postman</a></p>
</header>`;
}

export function referencePage(slug: string, doc: OpenApiDocument, control: OpenApiDocument | undefined): string {
  const title = `${specTitle(doc, slug)}: API reference`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${referenceCsp(doc)}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${FAVICON}
<style>body{margin:0}.console-banner{font:14px/1.4 system-ui,sans-serif;padding:.5rem 1rem;background:#f6f7f9;border-bottom:1px solid #dde1e7}.console-banner p{margin:.25rem 0}.console-banner code{background:#eef1f5;padding:0 .25rem;border-radius:3px}</style>
</head>
<body>
${banner(slug)}
<div id="reference"></div>
<script src="${SCALAR_ASSET}"></script>
<script>
for (const el of document.querySelectorAll('[data-docs-origin]')) el.textContent = location.origin;
Scalar.createApiReference('#reference', ${inlineJson(scalarConfiguration(slug, doc, control))});
</script>
</body>
</html>
`;
}
