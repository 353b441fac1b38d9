/**
 * The sandbox guide: what each local sandbox accepts and enforces, read from the specs only (the build never loads
 * a sandbox). Credentials and webhook secrets are the sandbox-control spec's `x-sandbox-defaults`; rate limits,
 * test cards and test values are each provider spec's own extensions.
 */
import { type JsonObject, listOperations, type OpenApiDocument } from '../core/openapi-document.js';
import type { ProviderSlug } from '../core/providers.js';
import { describeScheme, escapeHtml, NAV, page, securitySchemes, specTitle } from './docs-html.js';

type Credential = string | { username: string; password: string };

interface SandboxDefaultsFact {
  credentials?: Record<string, Credential>;
  webhookSecret?: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The control spec's `x-sandbox-defaults` entry of one provider. */
export function sandboxDefaultsFact(control: OpenApiDocument | undefined, slug: ProviderSlug): SandboxDefaultsFact {
  const all = control?.['x-sandbox-defaults'];
  const own = isObject(all) ? all[slug] : undefined;
  return isObject(own) ? (own as SandboxDefaultsFact) : {};
}

function shownCredential(value: Credential | undefined): string {
  if (value === undefined) return 'issued at run time (see the API reference)';
  if (typeof value === 'string') return `<code>${escapeHtml(value)}</code>`;
  return `user <code>${escapeHtml(value.username)}</code>, password <code>${escapeHtml(value.password)}</code>`;
}

function credentialRows(doc: OpenApiDocument, defaults: SandboxDefaultsFact): string {
  return Object.entries(securitySchemes(doc))
    .map(
      ([name, scheme]) =>
        `<tr><td>${escapeHtml(name)}</td><td>${describeScheme(scheme)}</td><td>${shownCredential(defaults.credentials?.[name])}</td></tr>`,
    )
    .join('\n');
}

interface RateLimit {
  requests: number;
  windowSeconds: number;
  scope: string;
}

/** Every documented limit (`x-rate-limit`, always a list) once, with the operations it applies to. */
export function documentedRateLimits(doc: OpenApiDocument): { limit: RateLimit; operations: string[] }[] {
  const byLimit = new Map<string, { limit: RateLimit; operations: string[] }>();
  for (const op of listOperations(doc)) {
    const limits = op.raw['x-rate-limit'];
    if (!Array.isArray(limits)) continue;
    for (const { requests, windowSeconds, scope } of limits as RateLimit[]) {
      const key = `${requests}/${windowSeconds}/${scope}`;
      const entry = byLimit.get(key) ?? { limit: { requests, windowSeconds, scope }, operations: [] };
      entry.operations.push(op.operationId);
      byLimit.set(key, entry);
    }
  }
  return [...byLimit.values()];
}

function window(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'an hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'a minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? 'a second' : `${seconds} seconds`;
}

function rateLimitSection(doc: OpenApiDocument): string {
  const limits = documentedRateLimits(doc);
  if (limits.length === 0) return '<p>The document states no rate limit; the sandbox enforces none.</p>';
  const rows = limits
    .map(
      ({ limit, operations }) =>
        `<tr><td>${limit.requests} requests in ${window(limit.windowSeconds)}</td><td>per ${limit.scope === 'ip' ? 'client IP' : 'credential'}</td><td>${operations.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ')}</td></tr>`,
    )
    .join('\n');
  return `<p>The documented rate limits are enforced on the sandbox clock and answered with the provider's documented 429
beyond them. <code>--rate-limit N</code> sets each to N requests per window; <code>--no-rate-limit</code> lifts them.</p>
<table class="rate-limits"><thead><tr><th>Limit</th><th>Counted</th><th>Operations</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

const CARD_COLUMNS = ['number', 'brand', 'outcome', 'declineCode', 'token', 'cvv', 'expiry', 'threeDSecureCode'];

function cell(card: JsonObject, column: string): string {
  const value = card[column];
  if (value === undefined) return '<td></td>';
  return column === 'description'
    ? `<td>${escapeHtml(String(value))}</td>`
    : `<td><code>${escapeHtml(String(value))}</code></td>`;
}

function testCardTable(doc: OpenApiDocument): string {
  const cards = Array.isArray(doc['x-test-cards']) ? (doc['x-test-cards'] as JsonObject[]) : [];
  if (cards.length === 0) return '<p>The provider documents no test cards.</p>';
  const present = [...CARD_COLUMNS.filter((c) => cards.some((card) => card[c] !== undefined)), 'description'];
  const head = present.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = cards.map((card) => `<tr>${present.map((c) => cell(card, c)).join('')}</tr>`).join('\n');
  return `<table class="test-cards"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function testOtp(doc: OpenApiDocument): string {
  const otp = doc['x-test-otp'];
  if (!isObject(otp) || typeof otp.code !== 'string') return '';
  return `<h3>One-time password</h3>
<p>The sandbox accepts the OTP <code class="test-otp">${escapeHtml(otp.code)}</code>. ${escapeHtml(String(otp.description ?? ''))}</p>`;
}

function providerSection(slug: ProviderSlug, doc: OpenApiDocument, control: OpenApiDocument | undefined): string {
  const defaults = sandboxDefaultsFact(control, slug);
  const secret = defaults.webhookSecret
    ? `<p>Webhook secret by default: <code>${escapeHtml(defaults.webhookSecret)}</code> (change it with <code>--webhook-secret</code>).</p>`
    : '';
  return `<section class="provider" id="${slug}">
<h2>${escapeHtml(specTitle(doc, slug))}</h2>
<pre><code>npx paycontracts sandbox ${slug} --port 4010</code></pre>
<h3>Credentials the sandbox accepts</h3>
<table class="credentials"><thead><tr><th>Scheme</th><th>Sent as</th><th>Sandbox value</th></tr></thead><tbody>
${credentialRows(doc, defaults)}
</tbody></table>
${secret}
<h3>Rate limits</h3>
${rateLimitSection(doc)}
<h3>Test cards</h3>
${testCardTable(doc)}
${testOtp(doc)}
<p><a href="${slug}.html">API reference</a></p>
</section>`;
}

function controlTable(control: OpenApiDocument | undefined): string {
  const ops = control ? listOperations(control) : [];
  if (ops.length === 0) return '<p>The control API spec was not built.</p>';
  const rows = ops.map(
    (o) =>
      `<tr><td><code>${o.method.toUpperCase()} ${escapeHtml(o.path)}</code></td><td>${escapeHtml(o.summary)}</td></tr>`,
  );
  return `<table><thead><tr><th>Call</th><th>What it does</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

export function sandboxGuide(docs: Map<ProviderSlug, OpenApiDocument>, control: OpenApiDocument | undefined): string {
  const sections = [...docs].map(([slug, doc]) => providerSection(slug, doc, control)).join('\n');
  return page(
    'paycontracts: sandbox guide',
    `<header>${NAV}<h1>Sandbox guide</h1>
<p>Each provider has a stateful local sandbox that answers its API the way the spec says, on loopback. Start one from a
terminal; it prints <code>listening on http://127.0.0.1:PORT</code> once ready and stops on Ctrl-C.</p>
<pre><code>npx paycontracts sandbox &lt;slug&gt; [--port N] [--webhook-url URL] [--webhook-secret S] [--api-key KEY] [--rate-limit N | --no-rate-limit]</code></pre>
<p>Or from code: <code>import { startSandbox } from 'paycontracts/sandbox'</code>, then
<code>const sandbox = await startSandbox('alyapay', { webhookUrl })</code> and <code>await sandbox.close()</code>.</p>
</header>
<main>
<h2>Control API</h2>
<p>Every sandbox also serves <code>/__sandbox/…</code>, which stands in for the customer, the network and time.
Full reference: <a href="sandbox-control.html">sandbox control API</a>.</p>
${controlTable(control)}
${sections}
</main>`,
  );
}
