import type { SandboxReply } from '../types.js';

/** Text for HTML: the five characters that could end an element or an attribute. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Headers of every page a sandbox serves: inline style and script only (no asset from anywhere, so the page works
 * offline and cannot leak to a third party), scripts may call this sandbox only, never cached, no referrer to another
 * site. `same-origin`, not `no-referrer`: under `no-referrer` a browser sends `Origin: null` with the page's own form,
 * which the control API must refuse as it refuses any other origin.
 */
const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f5f5f7}
main{max-width:44rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px}
.test-banner{margin:0;padding:.5rem 1rem;background:#ffd60a;color:#000;font-weight:600;text-align:center}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input,select{font:inherit;padding:.4rem;border:1px solid #767676;border-radius:4px}
button{font:inherit;padding:.5rem 1rem;margin:.75rem .5rem 0 0;border-radius:4px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b57d0}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #ff9f0a;outline-offset:2px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd}
.error{color:#b3261e;font-weight:600}
`;

export interface PageContent {
  /** the document title and the page's heading */
  title: string;
  /** the page body, already HTML (escape every value with escapeHtml) */
  body: string;
  status?: number;
}

/**
 * A page of the sandbox (a 3-D Secure challenge, a hosted checkout, the dashboard): plain server-rendered HTML with
 * no external asset, which says plainly that it is a test page of the local sandbox.
 */
export function htmlPage(content: PageContent): SandboxReply {
  const title = escapeHtml(content.title);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><p class="test-banner" role="note">Test page of a local paycontracts sandbox. No real payment happens here.</p>
<main><h1>${title}</h1>
${content.body}
</main></body></html>`;
  return { status: content.status ?? 200, headers: { ...PAGE_HEADERS }, body: html };
}

/** After a form: the browser goes to `location` with a GET (303 See Other), as a 3-D Secure page returns it. */
export function seeOther(location: string): SandboxReply {
  return { status: 303, headers: { location, 'cache-control': 'no-store' } };
}
