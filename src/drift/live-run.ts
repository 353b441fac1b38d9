import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenApiDocument } from '../core/openapi-document.js';
import type { ProviderSlug } from '../core/providers.js';
import { startCaptureProxy } from './capture.js';
import { buildReport, writeReport } from './report.js';
import type { CapturedExchange, DriftReport } from './types.js';
import { startWebhookRecorder, type WebhookRecorder } from './webhook-receiver.js';

/** `haloubi-gateway` → `HALOUBI_GATEWAY_BASE_URL`, the variable the live target reads. */
export function baseUrlVariable(slug: ProviderSlug): string {
  return `${slug.toUpperCase().replace(/-/g, '_')}_BASE_URL`;
}

/**
 * The run's credential values: every variable of the provider's family (`HALOUBI_…`, `CHARI_…`) but its base URL.
 * Each is removed wherever it appears in the report, whatever header or field carried it.
 */
export function credentialValues(slug: ProviderSlug, env: NodeJS.ProcessEnv): string[] {
  const family = `${slug.replace(/-.*$/, '').toUpperCase()}_`;
  return Object.entries(env)
    .filter(([name]) => name.startsWith(family) && !name.endsWith('_BASE_URL'))
    .flatMap(([, value]) => (value ? [value] : []));
}

export interface LiveDriftCapture {
  /** the variables the scenarios' process gets instead: the base URL now names the recorder */
  env: Record<string, string>;
  /** where the run receives the provider's webhooks, when `webhookPort` was given: the tunnel's local end */
  webhookUrl?: string;
  /** the exchanges recorded so far, calls and webhook deliveries */
  exchanges(): CapturedExchange[];
  /** stops recording, compares and writes `file` and its Markdown summary; call it whether or not the run passed */
  finish(): Promise<{ report: DriftReport; markdown: string }>;
}

export interface LiveDriftOptions {
  /** also receive the provider's webhooks on this loopback port (0: a free one) for the run's duration */
  webhookPort?: number;
}

/** Puts the recorder in front of the provider a live run is about to call, and its webhook endpoint up if asked. */
export async function startLiveDriftCapture(
  slug: ProviderSlug,
  file: string,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  options: LiveDriftOptions = {},
): Promise<LiveDriftCapture> {
  const variable = baseUrlVariable(slug);
  const upstream = env[variable];
  if (!upstream) throw new Error(`--drift-report records a live run: set ${variable} and ${slug}'s credentials.`);
  if (!URL.canParse(upstream) || !/^https?:$/.test(new URL(upstream).protocol))
    throw new Error(`${variable} must be an http(s) URL, got "${upstream}".`);
  const spec = JSON.parse(await readFile(join(root, 'generated', slug, 'openapi.json'), 'utf8')) as OpenApiDocument;
  const secrets = credentialValues(slug, env);
  let webhooks: WebhookRecorder | undefined;
  if (options.webhookPort !== undefined) webhooks = await startWebhookRecorder({ port: options.webhookPort, secrets });
  const proxy = await startCaptureProxy({ upstream, spec, secrets }).catch(async (error: unknown) => {
    await webhooks?.stop();
    throw error;
  });
  const exchanges = () => [...proxy.exchanges, ...(webhooks?.exchanges ?? [])];
  return {
    env: { [variable]: proxy.url },
    webhookUrl: webhooks?.url,
    exchanges,
    finish: async () => {
      await Promise.all([proxy.stop(), webhooks?.stop()]);
      const report = buildReport(slug, spec, exchanges(), root);
      const markdown = await writeReport(file, report);
      return { report, markdown };
    },
  };
}
