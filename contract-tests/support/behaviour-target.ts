import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, type TestContext } from 'vitest';
import type { CommonClientOptions } from '../../src/core/client.js';
import type { ProviderSlug } from '../../src/core/providers.js';
import { startPrismProxy } from '../../src/devtools/prism.js';
import type { RunningServer } from '../../src/devtools/server-process.js';
import { projectRoot } from '../../src/pipeline/project-root.js';
import { SandboxControl } from '../../src/sandbox/control-client.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { clientFor, type ProviderClients, type TargetCredentials } from './provider-clients.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

export type TargetName = 'sandbox' | 'live' | 'prism';

/** `PAYCONTRACTS_TARGET`: sandbox (default) | live | prism. */
export function targetName(): TargetName {
  const raw = process.env.PAYCONTRACTS_TARGET ?? 'sandbox';
  if (raw !== 'sandbox' && raw !== 'live' && raw !== 'prism')
    throw new Error(`PAYCONTRACTS_TARGET must be sandbox, live or prism, got "${raw}".`);
  return raw;
}

/** The sandbox's default credentials (README: "Default sandbox credentials"). */
export const SANDBOX_CREDENTIALS: Record<ProviderSlug, TargetCredentials> = {
  alyapay: { apiKey: 'test_key' },
  novasend: { apiKey: 'test_key', apiClient: 'test_client' },
  'haloubi-gateway': { apiKey: 'test_key' },
  'chari-pay': { secretKey: 'test_key' },
  'chari-money': { apiKey: 'test_key' },
};

export const SANDBOX_WEBHOOK_SECRET = 'whsec_paycontracts_test';

/** The live target's environment: `<SLUG>_BASE_URL` plus the provider's credential variables. */
export const LIVE_ENV: Record<ProviderSlug, { baseUrl: string; credentials: Record<string, string> }> = {
  alyapay: { baseUrl: 'ALYAPAY_BASE_URL', credentials: { apiKey: 'ALYAPAY_API_KEY' } },
  novasend: {
    baseUrl: 'NOVASEND_BASE_URL',
    credentials: { apiKey: 'NOVASEND_API_KEY', apiClient: 'NOVASEND_API_CLIENT' },
  },
  'haloubi-gateway': { baseUrl: 'HALOUBI_GATEWAY_BASE_URL', credentials: { apiKey: 'HALOUBI_API_KEY' } },
  'chari-pay': { baseUrl: 'CHARI_PAY_BASE_URL', credentials: { secretKey: 'CHARI_PAY_SECRET_KEY' } },
  'chari-money': { baseUrl: 'CHARI_MONEY_BASE_URL', credentials: { apiKey: 'CHARI_MONEY_API_KEY' } },
};

export function liveConfig(
  slug: ProviderSlug,
): { baseUrl: string; credentials: TargetCredentials } | { missing: string[] } {
  const env = LIVE_ENV[slug];
  const names = [env.baseUrl, ...Object.values(env.credentials)];
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length > 0) return { missing };
  return {
    baseUrl: process.env[env.baseUrl]!,
    credentials: Object.fromEntries(
      Object.entries(env.credentials).map(([option, name]) => [option, process.env[name]!]),
    ),
  };
}

export interface BehaviourHarness<S extends ProviderSlug = ProviderSlug> {
  readonly target: TargetName;
  /** a typed client for the target; responses are validated against the spec on every call */
  client(options?: CommonClientOptions & { credentials?: TargetCredentials }): ProviderClients[S];
  /** the target's base URL, for raw requests a typed client would refuse to send */
  readonly baseUrl: string;
  /** the sandbox control API; call `needsControl(ctx)` first so live runs skip with a reason */
  readonly control: SandboxControl;
  /** the merchant's webhook endpoint the sandbox delivers to */
  readonly receiver: WebhookReceiver;
  /** the in-process sandbox (sandbox target only) */
  readonly sandbox: RunningSandbox;
  readonly webhookSecret: string;
  readonly credentials: TargetCredentials;
}

/** Skips a scenario that needs the control API (a customer's action, the clock, the webhook log) off the sandbox. */
export function needsControl(ctx: TestContext, harness: { target: TargetName }): void {
  if (harness.target !== 'sandbox')
    ctx.skip(
      `needs the sandbox control API (a customer's action, the test clock or the webhook log), which the ${harness.target} target does not have`,
    );
}

/**
 * Behavioural scenarios written once per provider and run against the target `PAYCONTRACTS_TARGET` names: the
 * in-process sandbox (default), the provider's live sandbox through `prism proxy --errors`, or Prism, where
 * stateful scenarios are skipped with a stated reason.
 */
export function behaviourSuite<S extends ProviderSlug>(slug: S, scenarios: (h: BehaviourHarness<S>) => void): void {
  const target = targetName();
  if (target === 'prism') {
    describe.skip(`${slug} > prism > behaviour (skipped: Prism is stateless; behaviour runs against the sandbox or live)`, () =>
      scenarios({} as BehaviourHarness<S>));
    return;
  }
  const live = target === 'live' ? liveConfig(slug) : undefined;
  if (live && 'missing' in live) {
    describe.skip(`${slug} > live > behaviour (skipped: set ${live.missing.join(', ')} to run against the live sandbox)`, () =>
      scenarios({} as BehaviourHarness<S>));
    return;
  }

  let sandbox: RunningSandbox | undefined;
  let receiver: WebhookReceiver | undefined;
  let proxy: RunningServer | undefined;
  let baseUrl = '';
  const credentials = live && !('missing' in live) ? live.credentials : SANDBOX_CREDENTIALS[slug];

  const harness: BehaviourHarness<S> = {
    target,
    client: (options = {}) =>
      clientFor(slug, baseUrl, options.credentials ?? credentials, { validate: 'both', maxRetries: 0, ...options }),
    get baseUrl() {
      return baseUrl;
    },
    get control() {
      // A live provider has no control API; a scenario that reaches here forgot needsControl(ctx, h).
      if (target !== 'sandbox')
        throw new Error('The sandbox control API exists only on the sandbox target: call needsControl(ctx, h) first.');
      return new SandboxControl(baseUrl);
    },
    get receiver() {
      if (!receiver) throw new Error('The webhook receiver exists only on the sandbox target.');
      return receiver;
    },
    get sandbox() {
      if (!sandbox) throw new Error('The in-process sandbox exists only on the sandbox target.');
      return sandbox;
    },
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    credentials,
  };

  describe(`${slug} > ${target} > behaviour`, () => {
    beforeAll(async () => {
      if (target === 'sandbox') {
        receiver = await startWebhookReceiver();
        // Behaviour scenarios send bursts (100 concurrent idempotent requests); the documented rate limits are
        // tested on their own (test/core/sandbox/rate-limit.test.ts), so they are lifted here.
        sandbox = await startSandbox(slug, {
          webhookUrl: receiver.url,
          webhookSecret: SANDBOX_WEBHOOK_SECRET,
          rateLimit: false,
        });
        baseUrl = sandbox.url;
      } else {
        // Shared per provider by the live global setup; started here when a file runs without it.
        const shared = inject('liveProxyUrls' as never) as Record<string, string> | undefined;
        if (shared?.[slug]) baseUrl = shared[slug]!;
        else {
          const spec = join(projectRoot(), 'generated', slug, 'openapi.json');
          proxy = await startPrismProxy(spec, (live as { baseUrl: string }).baseUrl);
          baseUrl = proxy.url;
        }
      }
    });
    beforeEach(async () => {
      if (sandbox) {
        await harness.control.reset();
        receiver!.received.length = 0;
        receiver!.failNext(0);
      }
    });
    afterAll(async () => {
      const violations = sandbox ? [...sandbox.responseViolations] : [];
      const internal = sandbox ? [...sandbox.internalErrors] : [];
      await sandbox?.close();
      await receiver?.close();
      await proxy?.stop();
      expect(internal, 'the sandbox failed to process some requests').toEqual([]);
      expect(violations, 'the sandbox answered outside its spec').toEqual([]);
    });
    scenarios(harness);
  });
}
