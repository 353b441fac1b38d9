import type { WebhookDelivery } from '../core/sandbox/webhook-dispatcher.js';

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

/**
 * A small client for the `/__sandbox` control API of a running sandbox: reset, the webhook log, the test clock and
 * the customer's side of each provider's flow.
 */
export class SandboxControl {
  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {}

  async call<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await this.fetchImpl(`${this.baseUrl.replace(/\/+$/, '')}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (!response.ok) {
      throw new SandboxControlError(
        response.status,
        parsed.error?.code ?? 'unknown',
        parsed.error?.message ?? `The sandbox answered ${response.status} to ${method} /__sandbox${path}.`,
      );
    }
    return parsed as T;
  }

  reset(): Promise<{ reset: true }> {
    return this.call('POST', '/reset');
  }

  async webhooks(event?: string): Promise<WebhookDelivery[]> {
    const query = event ? `?event=${encodeURIComponent(event)}` : '';
    return (await this.call<{ deliveries: WebhookDelivery[] }>('GET', `/webhooks${query}`)).deliveries;
  }

  advanceClock(seconds: number): Promise<{ now: string }> {
    return this.call('POST', '/clock/advance', { seconds });
  }

  /** AlyaPay: the customer pays (or abandons) a checkout session. */
  payAlyaPaySession(
    sessionId: string,
    outcome: 'APPROVED' | 'CANCELED' | 'PENDING',
  ): Promise<{ transaction_id: string }> {
    return this.call('POST', `/sessions/${encodeURIComponent(sessionId)}/pay`, { outcome });
  }

  /** Novasend: the customer answers the payin confirmation. */
  confirmNovasendPayin(
    reference: string,
    decision: 'accepted' | 'declined' | 'expired',
  ): Promise<Record<string, unknown>> {
    return this.call('POST', `/payins/${encodeURIComponent(reference)}/confirm`, { decision });
  }

  /** Chari Pay: the customer passes or fails 3-D Secure. */
  completeChariPayThreeDSecure(paymentId: string, result: 'success' | 'failure'): Promise<Record<string, unknown>> {
    return this.call('POST', `/payments/${encodeURIComponent(paymentId)}/3ds`, { result });
  }

  /** Chari Money: the customer enters the 3-D Secure code (555 on the sandbox test card). */
  completeChariMoneyThreeDSecure(operationId: number | string, code: string): Promise<Record<string, unknown>> {
    return this.call('POST', `/operations/${encodeURIComponent(String(operationId))}/3ds`, { code });
  }
}
