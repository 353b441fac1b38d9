import createClient from 'openapi-fetch';
import type { components, paths } from '../../generated/sandbox-control/schema.js';

export type WebhookDelivery = components['schemas']['WebhookDelivery'];
export type SandboxRequest = components['schemas']['SandboxRequest'];
export type SandboxResource = components['schemas']['SandboxResource'];
type JsonBody<Path extends keyof paths> = paths[Path] extends {
  post: { requestBody?: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;
type Ok<Path extends keyof paths, Method extends 'get' | 'post'> = paths[Path][Method] extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

/** Thrown when the sandbox control API refuses a call. */
export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxControlError';
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a control call, or its `SandboxError` body as a thrown `SandboxControlError`. */
function unwrap<T>({ data, error, response }: Answer<T>): T {
  if (response.ok && data !== undefined) return data;
  const body = (error ?? {}) as { error?: { code?: string; message?: string } };
  const where = `${response.url ? new URL(response.url).pathname : 'the control API'}`;
  throw new SandboxControlError(
    response.status,
    body.error?.code ?? 'unknown',
    body.error?.message ?? `The sandbox answered ${response.status} to ${where}.`,
  );
}

/**
 * A typed client for the `/__sandbox` control API of a running sandbox (reset, the webhook log, the test clock and
 * the customer's side of each provider's flow), built with openapi-fetch from the sandbox-control spec, as the
 * provider clients are. `headers` go on every call (a sandbox off loopback wants a credential it accepts).
 */
export class SandboxControl {
  private readonly client: ReturnType<typeof createClient<paths>>;

  constructor(
    readonly baseUrl: string,
    fetchImpl: typeof fetch = globalThis.fetch,
    headers: Record<string, string> = {},
  ) {
    this.client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), fetch: fetchImpl, headers });
  }

  async health(): Promise<Ok<'/__sandbox/health', 'get'>> {
    return unwrap(await this.client.GET('/__sandbox/health'));
  }

  /** Clears the tenant this client's credential `headers` name (none: the default tenant). */
  async reset(): Promise<Ok<'/__sandbox/reset', 'post'>> {
    return unwrap(await this.client.POST('/__sandbox/reset'));
  }

  /** Clears every tenant: the sandbox is as it started. */
  async resetAll(): Promise<Ok<'/__sandbox/reset-all', 'post'>> {
    return unwrap(await this.client.POST('/__sandbox/reset-all'));
  }

  /** Sets where this client's tenant delivers webhooks; `null` goes back to the sandbox's `--webhook-url`. */
  async setWebhookEndpoint(url: string | null): Promise<{ url: string | null }> {
    return unwrap(await this.client.PUT('/__sandbox/webhook-endpoint', { body: { url } }));
  }

  /** Every delivery the log keeps (optionally of one event), oldest first, read page by page. */
  async webhooks(event?: string): Promise<WebhookDelivery[]> {
    const all: WebhookDelivery[] = [];
    let cursor: string | undefined;
    do {
      const query = { limit: 1000, ...(event ? { event } : {}), ...(cursor ? { cursor } : {}) };
      const page = unwrap(await this.client.GET('/__sandbox/webhooks', { params: { query } }));
      all.push(...page.deliveries);
      cursor = page.nextCursor;
    } while (cursor);
    return all.reverse();
  }

  /** One page of the request log, newest first: filter by status class (`4xx`) or path prefix, page with `cursor`. */
  async requests(
    query: { status?: string; path?: string; limit?: number; cursor?: string } = {},
  ): Promise<Ok<'/__sandbox/requests', 'get'>> {
    return unwrap(await this.client.GET('/__sandbox/requests', { params: { query } }));
  }

  /** One page of the resources the sandbox holds, newest first, of one `kind` or all. */
  async resources(
    query: { kind?: string; limit?: number; cursor?: string } = {},
  ): Promise<Ok<'/__sandbox/resources', 'get'>> {
    return unwrap(await this.client.GET('/__sandbox/resources', { params: { query } }));
  }

  async advanceClock(seconds: number): Promise<Ok<'/__sandbox/clock/advance', 'post'>> {
    return unwrap(await this.client.POST('/__sandbox/clock/advance', { body: { seconds } }));
  }

  /** AlyaPay: the customer pays (or abandons) a checkout session. */
  async payAlyaPaySession(
    sessionId: string,
    outcome: JsonBody<'/__sandbox/sessions/{session_id}/pay'>['outcome'],
  ): Promise<Ok<'/__sandbox/sessions/{session_id}/pay', 'post'>> {
    const params = { path: { session_id: sessionId } };
    return unwrap(await this.client.POST('/__sandbox/sessions/{session_id}/pay', { params, body: { outcome } }));
  }

  /** Novasend: the customer answers the payin confirmation. */
  async confirmNovasendPayin(
    reference: string,
    decision: JsonBody<'/__sandbox/payins/{reference}/confirm'>['decision'],
  ): Promise<Ok<'/__sandbox/payins/{reference}/confirm', 'post'>> {
    const params = { path: { reference } };
    return unwrap(await this.client.POST('/__sandbox/payins/{reference}/confirm', { params, body: { decision } }));
  }

  /** Novasend: the payin moves through its documented pending steps. */
  async progressNovasendPayin(
    reference: string,
    step: JsonBody<'/__sandbox/payins/{reference}/progress'>['step'],
  ): Promise<Ok<'/__sandbox/payins/{reference}/progress', 'post'>> {
    const params = { path: { reference } };
    return unwrap(await this.client.POST('/__sandbox/payins/{reference}/progress', { params, body: { step } }));
  }

  /** Chari Pay: the customer passes or fails 3-D Secure. */
  async completeChariPayThreeDSecure(
    paymentId: string,
    result: JsonBody<'/__sandbox/payments/{id}/3ds'>['result'],
  ): Promise<Ok<'/__sandbox/payments/{id}/3ds', 'post'>> {
    const params = { path: { id: paymentId } };
    return unwrap(await this.client.POST('/__sandbox/payments/{id}/3ds', { params, body: { result } }));
  }

  /** Chari Pay: the cardholder disputes a payment (`payment.disputed`). */
  async disputeChariPayPayment(paymentId: string): Promise<Ok<'/__sandbox/payments/{id}/dispute', 'post'>> {
    const params = { path: { id: paymentId } };
    return unwrap(await this.client.POST('/__sandbox/payments/{id}/dispute', { params }));
  }

  /** Chari Money: the customer enters the 3-D Secure code (555 on the sandbox test card). */
  async completeChariMoneyThreeDSecure(
    operationId: number | string,
    code: string,
  ): Promise<Ok<'/__sandbox/operations/{id}/3ds', 'post'>> {
    const params = { path: { id: Number(operationId) } };
    return unwrap(await this.client.POST('/__sandbox/operations/{id}/3ds', { params, body: { code } }));
  }

  /** Chari Money: the partner's acceptURL / declineURL, where card cash-ins return after 3-D Secure. */
  async setChariMoneyPartnerRedirectUrls(urls: {
    acceptURL?: string;
    declineURL?: string;
  }): Promise<Ok<'/__sandbox/partner/redirect-urls', 'post'>> {
    return unwrap(await this.client.POST('/__sandbox/partner/redirect-urls', { body: urls }));
  }
}
