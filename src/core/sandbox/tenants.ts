/**
 * Tenants: every credential that fits the sandbox's test pattern owns an isolated sandbox (state, clock, idempotency
 * keys, rate-limit windows, webhook log and endpoint, request log), created on first use, so parallel test workers
 * with their own keys never see each other. A sandbox started with pinned credentials has exactly one tenant.
 */
import type { IndexedOperation } from '../operation-index.js';
import { SandboxClock } from './clock.js';
import { CorsPolicy } from './cors.js';
import { journalClockAdvances } from './durable.js';
import { IdempotencyCache } from './idempotency-cache.js';
import type { Journal } from './journal.js';
import { randomHex } from './random.js';
import { RateLimiter } from './rate-limit.js';
import { credentialTexts, RequestLog } from './request-log.js';
import type { SandboxRuntime } from './runtime.js';
import { sandboxDefaultsOf } from './sandbox-defaults.js';
import { type GivenCredential, matchesCredential, presentedCredential } from './security.js';
import { holdsValue } from './state-search.js';
import type {
  ExpectedCredential,
  RequestParameters,
  SandboxContext,
  SandboxDefinition,
  SandboxOptions,
} from './types.js';
import { retryScheduleOf, WebhookDispatcher } from './webhook-dispatcher.js';

/** What every credential part of a tenant starts with: `test_key`, `test_ci_42`; Basic `test_<x>:test_<y>`. */
export const TEST_CREDENTIAL_PREFIX = 'test_';
/** The most tenants one sandbox holds, so a stream of random `test_…` keys cannot eat its memory. */
export const MAX_TENANTS = 1000;
/** The longest credential part that names a tenant. */
const MAX_CREDENTIAL_LENGTH = 200;

/** Whether a credential names a tenant: each of its parts starts with `test_` and has something after it. */
export function fitsTestPattern(given: GivenCredential): boolean {
  const parts = typeof given === 'string' ? [given] : [given.username, given.password];
  return parts.every(
    (part) =>
      part.startsWith(TEST_CREDENTIAL_PREFIX) &&
      part.length > TEST_CREDENTIAL_PREFIX.length &&
      part.length <= MAX_CREDENTIAL_LENGTH,
  );
}

/** A tenant's name: its credentials, as one string. */
function tenantKeyOf(credentials: Record<string, ExpectedCredential>): string {
  return Object.values(credentials)
    .map((given) => (typeof given === 'string' ? given : `${given.username}:${given.password}`))
    .join(' ');
}

/** Why no tenant could take a request: the sandbox already holds `MAX_TENANTS`. */
export const TENANT_LIMIT_MESSAGE = `This sandbox already holds ${MAX_TENANTS} tenants, its most; reuse a test credential, or reset them all with POST /__sandbox/reset-all.`;

/** The sandbox's tenants, and the parts they share (definition, CORS policy, public URL, failure records). */
export class Tenancy<State> {
  /** pinned credentials (`--credential`): one tenant, which accepts exactly those */
  readonly pinned: boolean;
  readonly defaultTenant: SandboxRuntime<State>;
  readonly cors: CorsPolicy;
  readonly internalErrors: string[] = [];
  readonly responseViolations: string[] = [];
  publicUrl = '';
  /** the data file's journal, once restored (`--data`) */
  journal: Journal | undefined;
  private replaying = false;
  private readonly byKey = new Map<string, SandboxRuntime<State>>();
  /** ids the tenants' `newId` issued while there was more than one tenant: the customer's pages find theirs */
  private readonly byId = new Map<string, SandboxRuntime<State>>();
  /** the schemes with a fixed credential (an API key, Basic); the others are issued at run time */
  private readonly fixedSchemes: string[];

  constructor(
    readonly definition: SandboxDefinition<State>,
    private readonly options: SandboxOptions,
  ) {
    const defaults = sandboxDefaultsOf(definition.slug);
    const credentials = { ...defaults.credentials, ...options.credentials };
    this.pinned = options.credentials !== undefined && Object.keys(options.credentials).length > 0;
    this.fixedSchemes = Object.keys(credentials);
    this.cors = new CorsPolicy(definition.spec, options.corsOrigins);
    this.defaultTenant = this.create(credentials);
  }

  get size(): number {
    return this.byKey.size;
  }

  all(): SandboxRuntime<State>[] {
    return [...this.byKey.values()];
  }

  /**
   * The tenant a request belongs to: the one its fixed credential names (created on first use), else the one whose
   * run-time credential it presents, else the one that issued an id in its path, else the default tenant. `full`
   * when its credential names a new tenant and the sandbox holds `MAX_TENANTS`.
   */
  forRequest(
    op: IndexedOperation,
    params: RequestParameters,
    ctx: SandboxContext<State>,
  ): SandboxRuntime<State> | 'full' {
    const schemes = op.securitySchemes;
    for (const scheme of schemes) {
      if (!this.fixedSchemes.includes(scheme)) continue;
      const given = presentedCredential(this.definition, scheme, params);
      if (given !== undefined) return this.named(scheme, given) ?? this.defaultTenant;
    }
    if (this.byKey.size === 1) return this.defaultTenant;
    for (const scheme of schemes) {
      const given = presentedCredential(this.definition, scheme, params);
      if (typeof given !== 'string' || this.fixedSchemes.includes(scheme)) continue;
      const owner = this.all().find((tenant) =>
        this.definition.authenticateDynamic?.(scheme, given, { ...ctx, ...tenantParts(tenant) }),
      );
      if (owner) return owner;
    }
    return this.owning(Object.values(params.path));
  }

  /**
   * The tenant a control call's credential names (sent as the provider API takes it): undefined when it sends none,
   * `invalid` when it names no tenant, `full` when it names a new one and the sandbox holds `MAX_TENANTS`.
   */
  forCredential(header: Record<string, unknown>): SandboxRuntime<State> | 'full' | 'invalid' | undefined {
    const params = { path: {}, query: {}, header };
    for (const scheme of this.fixedSchemes) {
      const given = presentedCredential(this.definition, scheme, params);
      if (given !== undefined) return this.named(scheme, given) ?? 'invalid';
    }
    return undefined;
  }

  /**
   * The tenant a control call acts on: the one its credential names, else (a customer's page, opened with none)
   * the one that holds an id of its path, else the default tenant.
   */
  forControl(header: Record<string, unknown>, pathValues: unknown[]): SandboxRuntime<State> | 'full' | 'invalid' {
    const named = this.forCredential(header);
    if (named !== undefined) return named;
    return this.byKey.size === 1 ? this.defaultTenant : this.owning(pathValues);
  }

  /** While the journal is replayed, tenants record webhooks without sending them. */
  startReplay(): void {
    this.replaying = true;
    for (const tenant of this.all()) tenant.webhooks.startReplay();
  }

  async endReplay(): Promise<void> {
    this.replaying = false;
    await Promise.all(this.all().map((tenant) => tenant.webhooks.endReplay()));
  }

  /** The tenant named `key`, if the sandbox holds it (a journaled webhook attempt names its tenant so). */
  byKeyForReplay(key: string): SandboxRuntime<State> | undefined {
    return this.byKey.get(key);
  }

  /** Forgets every tenant but the default one, and resets that one; the journal starts again from empty. */
  resetAll(reset: (tenant: SandboxRuntime<State>) => void): void {
    this.journal?.clear();
    for (const tenant of this.all()) if (tenant !== this.defaultTenant) void tenant.webhooks.close();
    this.byKey.clear();
    this.byId.clear();
    this.byKey.set(this.defaultTenant.tenantKey, this.defaultTenant);
    this.defaultTenant.webhooks.setEndpoint(undefined);
    reset(this.defaultTenant);
  }

  /** Forgets the ids a tenant issued, when it is reset. */
  forgetIds(tenant: SandboxRuntime<State>): void {
    for (const [id, owner] of this.byId) if (owner === tenant) this.byId.delete(id);
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((tenant) => tenant.webhooks.close()));
  }

  /** The tenant a credential names; undefined when it names none (pinned and different, or not a test credential). */
  private named(scheme: string, given: GivenCredential): SandboxRuntime<State> | 'full' | undefined {
    const fixed = this.defaultTenant.credentials[scheme];
    if (fixed !== undefined && matchesCredential(fixed, given)) return this.defaultTenant;
    if (this.pinned || !fitsTestPattern(given)) return undefined;
    const credentials = { ...this.defaultTenant.credentials, [scheme]: given };
    const found = this.byKey.get(tenantKeyOf(credentials));
    if (found) return found;
    if (this.byKey.size >= MAX_TENANTS) return 'full';
    return this.create(credentials);
  }

  /** The tenant that issued or holds one of these values (a customer's page names its payment), else the default. */
  private owning(values: unknown[]): SandboxRuntime<State> {
    const wanted = values.filter((value): value is string => typeof value === 'string' && value.length > 0);
    for (const value of wanted) {
      const owner = this.byId.get(value);
      if (owner) return owner;
    }
    // An id issued while the sandbox had one tenant, or one the caller chose: searched for in each tenant's state.
    for (const tenant of this.all()) if (wanted.some((value) => holdsValue(tenant.state, value))) return tenant;
    return this.defaultTenant;
  }

  private create(credentials: Record<string, ExpectedCredential>): SandboxRuntime<State> {
    const { definition, options } = this;
    const key = tenantKeyOf(credentials);
    const clock = new SandboxClock();
    const tenancy = this;
    const runtime: SandboxRuntime<State> = {
      definition,
      tenancy,
      tenantKey: key,
      clock,
      webhooks: new WebhookDispatcher({
        url: options.webhookUrl,
        secret: options.webhookSecret ?? sandboxDefaultsOf(definition.slug).webhookSecret,
        schedule: retryScheduleOf(definition.spec),
        clock,
        sign: definition.signWebhook,
        fetch: options.fetch ?? globalThis.fetch,
        onAttempt: (deliveryId, startedAt, outcome) => {
          try {
            tenancy.journal?.append({ kind: 'attempt', tenant: key, deliveryId, startedAt, outcome });
          } catch (error) {
            tenancy.internalErrors.push(`journal of a webhook attempt: ${(error as Error).message}`);
          }
        },
      }),
      idempotency: new IdempotencyCache(clock),
      limiter: new RateLimiter(definition.spec, clock, options.rateLimit),
      cors: this.cors,
      requests: new RequestLog(() => credentialTexts(credentials)),
      credentials,
      get publicUrl() {
        return tenancy.publicUrl;
      },
      state: definition.initialState(),
      internalErrors: this.internalErrors,
      responseViolations: this.responseViolations,
      newId: (prefix) => {
        const id = `${prefix}${randomHex(12)}`;
        if (tenancy.byKey.size > 1) tenancy.byId.set(id, runtime);
        return id;
      },
    };
    if (this.replaying) runtime.webhooks.startReplay();
    journalClockAdvances(this, key, clock);
    clock.onAdvance((now) => {
      runtime.idempotency.sweep(now);
      runtime.limiter.sweep(now);
    });
    // After the due webhook retries (the dispatcher listens first), so deliveries this emits start on the new time.
    clock.onAdvance(() => definition.onClockAdvance?.(tenantParts(runtime)));
    this.byKey.set(key, runtime);
    return runtime;
  }
}

/** What a handler reads of its tenant. */
export function tenantParts<State>(tenant: SandboxRuntime<State>) {
  const { state, clock, webhooks, newId, publicUrl } = tenant;
  return { state, clock, webhooks, newId, publicUrl };
}
