/**
 * The sandbox dashboard (`GET /__sandbox/`): the clock, the resources, the webhook log and the request log, one page
 * of each (the JSON endpoints' pages), so the page stays small whatever the sandbox holds.
 */
import { RequestLogQueryError, type SandboxRequestView } from '../request-log.js';
import { pageOfResources, ResourceCursorError, resourceHref } from '../resources.js';
import type { SandboxRuntime } from '../runtime.js';
import type { SandboxReply, SandboxResource } from '../types.js';
import { WebhookCursorError, type WebhookDelivery } from '../webhook-dispatcher.js';
import { escapeHtml, htmlPage } from './html.js';
import { controlPageUrl } from './page-url.js';

/** Rows per list on the page; the JSON endpoints give more. */
export const DASHBOARD_PAGE = { resources: 50, webhooks: 20, requests: 20 } as const;
/** A body or payload is shown up to this many characters: the page stays small with large bodies too. */
const SHOWN_TEXT = 2000;

const STYLE = `<style>
section{margin:2rem 0}pre{white-space:pre-wrap;word-break:break-all;background:#f5f5f7;padding:.5rem;font-size:.8rem;max-height:16rem;overflow:auto}
td form{display:inline}td button{margin:0;padding:.2rem .6rem}main{max-width:80rem}nav a{margin-right:1rem}
</style>`;

interface Cursors {
  resources?: string;
  webhooks?: string;
  requests?: string;
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return escapeHtml(text.length > SHOWN_TEXT ? `${text.slice(0, SHOWN_TEXT)}… (${text.length} characters)` : text);
}

function time(iso: string | undefined): string {
  return iso === undefined ? '' : `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso)}</time>`;
}

function nextLink(base: string, name: keyof Cursors, cursor: string | undefined, what: string): string {
  if (cursor === undefined) return '';
  return `<p><a href="${escapeHtml(`${base}/__sandbox?${name}=${encodeURIComponent(cursor)}`)}#${name}">Older ${what}</a></p>`;
}

function clockSection(runtime: SandboxRuntime<unknown>, error?: string): string {
  const { clock } = runtime;
  return `<section id="clock" aria-labelledby="clock-h"><h2 id="clock-h">Clock</h2>
<p>Sandbox time: ${time(clock.iso())} (${Math.floor(clock.aheadSeconds)} s ahead of real time)</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(`${runtime.publicUrl}/__sandbox`)}">
<label for="seconds">Seconds to advance the clock</label>
<input id="seconds" name="seconds" inputmode="numeric" pattern="[0-9]{1,10}" required value="3600">
<button type="submit">Advance the clock</button></form></section>`;
}

function resourceRow(runtime: SandboxRuntime<unknown>, resource: SandboxResource): string {
  const href = resourceHref(runtime.publicUrl, resource);
  const simulator = resource.customerPage
    ? `<a href="${escapeHtml(runtime.publicUrl + resource.customerPage)}">Customer simulator</a>`
    : '';
  const created = resource.createdAt === undefined ? undefined : new Date(resource.createdAt).toISOString();
  return `<tr><td>${escapeHtml(resource.kind)}</td><td><a href="${escapeHtml(href)}">${escapeHtml(resource.id)}</a></td>
<td>${time(created)}</td><td>${escapeHtml(resource.status ?? '')}</td><td>${escapeHtml(resource.summary ?? '')}</td><td>${simulator}</td></tr>`;
}

function resourcesSection(runtime: SandboxRuntime<unknown>, cursor: string | undefined): string {
  const all = runtime.definition.resources?.(runtime.state) ?? [];
  const page = pageOfResources(all, { cursor, limit: DASHBOARD_PAGE.resources });
  const rows = page.items;
  const body = rows.length
    ? `<table><thead><tr><th scope="col">Kind</th><th scope="col">Id (JSON)</th><th scope="col">Created</th><th scope="col">Status</th><th scope="col">Summary</th><th scope="col">Customer</th></tr></thead>
<tbody>${rows.map((r) => resourceRow(runtime, r)).join('\n')}</tbody></table>`
    : '<p>The sandbox holds nothing yet.</p>';
  return `<section id="resources" aria-labelledby="resources-h"><h2 id="resources-h">Resources (${all.length}), newest first</h2>
${body}${nextLink(runtime.publicUrl, 'resources', page.nextCursor, 'resources')}</section>`;
}

function deliveryRow(runtime: SandboxRuntime<unknown>, d: WebhookDelivery): string {
  const attempts = d.attempts
    .map((a) => `<li>${time(a.at)}: ${escapeHtml(a.status ?? a.error ?? 'no answer')}</li>`)
    .join('');
  const action = controlPageUrl(runtime.publicUrl, 'resendSandboxWebhook', { id: d.id });
  return `<tr><td>${escapeHtml(d.event)}<br><small>${escapeHtml(d.id)}</small></td><td>${escapeHtml(d.url ?? '(no endpoint)')}</td>
<td>${escapeHtml(d.state)}</td><td><ul>${attempts}</ul></td><td>${time(d.nextAttemptAt)}</td>
<td><details><summary>Headers and payload</summary><pre>${shown(d.headers)}</pre><pre>${shown(d.payload)}</pre></details></td>
<td><form method="post" action="${escapeHtml(action)}"><input type="hidden" name="return_to" value="dashboard">
<button type="submit" aria-label="Resend ${escapeHtml(d.event)} (${escapeHtml(d.id)})">Resend</button></form></td></tr>`;
}

function webhooksSection(runtime: SandboxRuntime<unknown>, cursor: string | undefined): string {
  const page = runtime.webhooks.page({ cursor, limit: DASHBOARD_PAGE.webhooks });
  const body = page.deliveries.length
    ? `<table><thead><tr><th scope="col">Event</th><th scope="col">Target</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Next retry</th><th scope="col">Content</th><th scope="col">Action</th></tr></thead>
<tbody>${page.deliveries.map((d) => deliveryRow(runtime, d)).join('\n')}</tbody></table>`
    : '<p>No webhook sent yet.</p>';
  return `<section id="webhooks" aria-labelledby="webhooks-h"><h2 id="webhooks-h">Webhooks, newest first</h2>
${body}${nextLink(runtime.publicUrl, 'webhooks', page.nextCursor, 'webhooks')}</section>`;
}

function requestRow(r: SandboxRequestView): string {
  const bodies = [
    r.requestBody === undefined ? '' : `<p>Request body</p><pre>${shown(r.requestBody)}</pre>`,
    r.responseBody === undefined ? '' : `<p>Response body</p><pre>${shown(r.responseBody)}</pre>`,
  ].join('');
  return `<tr><td>${time(r.at)}</td><td>${escapeHtml(r.method)}</td><td>${escapeHtml(r.path)}</td><td>${r.status}</td>
<td>${r.latencyMs.toFixed(1)} ms</td><td>${escapeHtml(r.id)}</td><td>${bodies ? `<details><summary>Bodies</summary>${bodies}</details>` : ''}</td></tr>`;
}

function requestsSection(runtime: SandboxRuntime<unknown>, cursor: string | undefined): string {
  const page = runtime.requests.page({ cursor, limit: DASHBOARD_PAGE.requests });
  const body = page.requests.length
    ? `<table><thead><tr><th scope="col">Time</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Latency</th><th scope="col">Request id</th><th scope="col">Bodies (redacted)</th></tr></thead>
<tbody>${page.requests.map(requestRow).join('\n')}</tbody></table>`
    : '<p>No API request yet.</p>';
  return `<section id="requests" aria-labelledby="requests-h"><h2 id="requests-h">API requests, newest first</h2>
${body}${nextLink(runtime.publicUrl, 'requests', page.nextCursor, 'requests')}</section>`;
}

/** The dashboard; `error` (a refused clock advance) is shown above the clock form and answers 400. */
export async function renderDashboard<State>(
  runtime: SandboxRuntime<State>,
  cursors: Cursors,
  error?: string,
): Promise<SandboxReply> {
  const rt = runtime as unknown as SandboxRuntime<unknown>;
  await rt.webhooks.settle();
  const title = `${rt.definition.slug} sandbox`;
  const nav = `<nav aria-label="Sections"><a href="#clock">Clock</a><a href="#resources">Resources</a><a href="#webhooks">Webhooks</a><a href="#requests">API requests</a></nav>`;
  try {
    const sections = [
      clockSection(rt, error),
      resourcesSection(rt, cursors.resources),
      webhooksSection(rt, cursors.webhooks),
      requestsSection(rt, cursors.requests),
    ];
    return htmlPage({ title, body: `${STYLE}${nav}${sections.join('\n')}`, status: error ? 400 : 200 });
  } catch (caught) {
    if (
      !(
        caught instanceof RequestLogQueryError ||
        caught instanceof ResourceCursorError ||
        caught instanceof WebhookCursorError
      )
    )
      throw caught;
    const back = `<p><a href="${escapeHtml(`${rt.publicUrl}/__sandbox`)}">Back to the dashboard</a></p>`;
    return htmlPage({
      title,
      body: `<p class="error" role="alert">${escapeHtml(caught.message)}</p>${back}`,
      status: 400,
    });
  }
}
