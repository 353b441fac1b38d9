/** The docs site's shared page frame: escaping, the Content-Security-Policy, navigation and styles. */
import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** JSON safe to inline in a <script> element. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Every page forbids loads from anywhere but the site itself. The reference pages have their own policy
 * (docs-reference.ts), which also lets the try-it console call the reader's sandbox.
 */
export const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:">`;

/** An empty icon, so that a browser does not ask the host for /favicon.ico, which a static host answers 404. */
export const FAVICON = '<link rel="icon" href="data:,">';

export const NAV = `<nav><a href="index.html">Providers</a> · <a href="sandbox.html">Sandbox guide</a> · <a href="sandbox-control.html">Sandbox control API</a></nav>`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${CSP}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${FAVICON}
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
${body}
</body>
</html>
`;
}

export const SITE_CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
header,main{max-width:1100px;margin:0 auto;padding:1.5rem}
header h1{margin:.2rem 0}
nav{font-size:.95rem;margin-bottom:.5rem}
.providers{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem}
.provider{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:1rem}
.provider h2{margin-top:0;font-size:1.2rem}
.provider h3{font-size:1rem;margin:.75rem 0 .25rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .75rem;margin:0 0 .75rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
code{background:#eef1f5;padding:0 .25rem;border-radius:3px}
pre{background:#1d2433;color:#f6f7f9;padding:.75rem;border-radius:6px;overflow-x:auto}
pre code{background:none;padding:0}
ul.links{padding-left:1.1rem;margin:0}
table{border-collapse:collapse;background:#fff;margin:.5rem 0 1rem}td,th{border:1px solid #dde1e7;padding:.3rem .6rem;text-align:left;vertical-align:top}
.not-run{color:#6b7280;font-style:italic}
`;

export function securitySchemes(doc: OpenApiDocument): Record<string, JsonObject> {
  return ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
}

export function describeScheme(scheme: JsonObject): string {
  if (scheme.type === 'apiKey')
    return `API key in ${escapeHtml(String(scheme.in))} <code>${escapeHtml(String(scheme.name))}</code>`;
  if (scheme.type === 'http') return `HTTP ${escapeHtml(String(scheme.scheme))}`;
  return escapeHtml(String(scheme.type));
}

export function specTitle(doc: OpenApiDocument, fallback: string): string {
  return String((doc.info as JsonObject | undefined)?.title ?? fallback);
}
