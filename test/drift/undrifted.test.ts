import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ProviderSlug } from '../../src/core/providers.js';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { startDriftedProvider } from './drifted-provider.js';
import { recordRun, reportIn } from './live-run.js';

const ROOT = projectRoot();

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paycontracts-drift-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEFAULTS: [ProviderSlug, Record<string, string>][] = [
  ['alyapay', { apiKey: 'test_key' }],
  ['novasend', { apiKey: 'test_key', apiClient: 'test_client' }],
  ['chari-pay', { secretKey: 'test_key' }],
];

describe('a provider that matches its spec', () => {
  test.each(DEFAULTS)('%s: zero drifts and a non-empty confirmed list', async (slug, credentials) => {
    const provider = await startDriftedProvider(slug, []);
    try {
      const { report } = await recordRun(slug, provider.url, credentials, reportIn(dir, slug), ROOT);
      expect(report.exchanges.length).toBeGreaterThanOrEqual(2);
      expect(report.drifts).toEqual([]);
      expect(report.confirmed.length).toBeGreaterThan(0);
      expect(report.confirmed.every((c) => c.file.startsWith(`specs/${slug}/`) && c.exchanges >= 1)).toBe(true);
    } finally {
      await provider.stop();
    }
  });
});

/** Credentials and card data a live run carries; none may reach the report or its summary. */
const SECRETS = {
  haloubiKey: 'hk_live_7Qm2xV9pL4sT8wZ1',
  novasendUser: 'nv_live_user_5Rk8',
  novasendPassword: 'nv_live_pass_3Jd6Yq',
  webhookSecret: 'whsec_live_9Xc4Nb7Mv2Lk',
  pan: '4242424242424242',
};

describe('secrets never reach the report', () => {
  test('API keys, Basic credentials, session tokens, full PANs, CVVs and webhook secrets are redacted', async () => {
    const haloubi = await startDriftedProvider(
      'haloubi-gateway',
      [
        {
          method: 'GET',
          path: /^\/api\/v1\/payments\/pay_[0-9a-f]+$/,
          // A provider that leaks: its webhook secret and the full card number and CVV in a response.
          body: (b) => ({ ...b, webhook_secret: SECRETS.webhookSecret, card_number: SECRETS.pan, cvv: '987' }),
        },
      ],
      { credentials: { ApiKeyAuth: SECRETS.haloubiKey } },
    );
    const novasend = await startDriftedProvider('novasend', [], {
      credentials: { BasicAuth: { username: SECRETS.novasendUser, password: SECRETS.novasendPassword } },
    });
    const alyapay = await startDriftedProvider('alyapay', []);
    try {
      const runs = [
        await recordRun('haloubi-gateway', haloubi.url, { apiKey: SECRETS.haloubiKey }, reportIn(dir, 'h'), ROOT),
        await recordRun(
          'novasend',
          novasend.url,
          { apiKey: SECRETS.novasendUser, apiClient: SECRETS.novasendPassword },
          reportIn(dir, 'n'),
          ROOT,
        ),
        await recordRun('alyapay', alyapay.url, { apiKey: 'test_key' }, reportIn(dir, 'a'), ROOT),
      ];
      const [h, n, a] = runs.map((r) => r.report);
      // The traffic did carry them: the leaked fields are reported, a session token was issued and sent.
      expect(h?.drifts.map((d) => d.pointer)).toContain('/components/schemas/Payment/properties/webhook_secret');
      expect(n?.exchanges[0]?.status).toBe(201);
      const token = a?.exchanges[1]?.requestHeaders['x-session-token'];
      expect(token).toBe('[REDACTED]');
      const basic = Buffer.from(`${SECRETS.novasendUser}:${SECRETS.novasendPassword}`).toString('base64');
      for (const name of ['h', 'n', 'a']) {
        const text =
          readFileSync(reportIn(dir, name), 'utf8') +
          readFileSync(reportIn(dir, name).replace(/\.json$/, '.md'), 'utf8');
        for (const secret of [...Object.values(SECRETS), basic]) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/"(cvv|session_token)": "(?!\[REDACTED\])/);
        expect(text).not.toMatch(/eyJ[\w-]{8,}/);
      }
      expect(JSON.stringify(h)).toContain('424242******4242');
    } finally {
      await Promise.all([haloubi.stop(), novasend.stop(), alyapay.stop()]);
    }
  }, 60_000);
});
