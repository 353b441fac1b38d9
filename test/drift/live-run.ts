import { join } from 'node:path';
import type { ProviderSlug } from '../../src/core/providers.js';
import { startLiveDriftCapture } from '../../src/drift/live-run.js';
import type { DriftReport } from '../../src/drift/types.js';
import { SCENARIOS } from './scenarios.js';

/** The variables a user sets for a live run, by provider: `<SLUG>_BASE_URL` and the credentials (README, "live"). */
export function liveEnv(slug: ProviderSlug, baseUrl: string, credentials: Record<string, string>): NodeJS.ProcessEnv {
  const names: Record<ProviderSlug, Record<string, string>> = {
    alyapay: { apiKey: 'ALYAPAY_API_KEY' },
    novasend: { apiKey: 'NOVASEND_API_KEY', apiClient: 'NOVASEND_API_CLIENT' },
    'haloubi-gateway': { apiKey: 'HALOUBI_API_KEY' },
    'chari-pay': { secretKey: 'CHARI_PAY_SECRET_KEY' },
    'chari-money': { apiKey: 'CHARI_MONEY_API_KEY' },
  };
  const env: NodeJS.ProcessEnv = { [`${slug.toUpperCase().replace(/-/g, '_')}_BASE_URL`]: baseUrl };
  for (const [option, name] of Object.entries(names[slug])) env[name] = credentials[option];
  return env;
}

/**
 * One live-style run through the capture path `contract --drift-report` uses: the recorder goes in front of the
 * base URL the environment names, the scenarios call it, and the report is written to `file`.
 */
export async function recordRun(
  slug: ProviderSlug,
  baseUrl: string,
  credentials: Record<string, string>,
  file: string,
  root: string,
): Promise<{ report: DriftReport; markdown: string }> {
  const env = liveEnv(slug, baseUrl, credentials);
  const capture = await startLiveDriftCapture(slug, file, root, env);
  const failed = await SCENARIOS[slug](Object.values(capture.env)[0] ?? '', credentials).then(
    () => undefined,
    (error: unknown) => error,
  );
  // Written whatever the scenarios did, as the CLI does.
  const written = await capture.finish();
  if (failed) throw failed;
  return written;
}

export const reportIn = (dir: string, slug: string) => join(dir, `drift-${slug}.json`);
