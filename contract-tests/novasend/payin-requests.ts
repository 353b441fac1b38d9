import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/novasend/schema.js';
import type { CommonClientOptions } from '../../src/core/client.js';
import type { NovasendClient } from '../../src/providers/novasend/client.js';
import type { BehaviourHarness } from '../support/behaviour-target.js';
import type { TargetCredentials } from '../support/provider-clients.js';

export type PayinRequest = components['schemas']['CreatePayinSessionRequest'];

/** The harness's client with Novasend's own path types (the harness builds it for any provider). */
export function novasendClient(
  h: BehaviourHarness,
  options?: CommonClientOptions & { credentials?: TargetCredentials },
): NovasendClient {
  return h.client(options) as unknown as NovasendClient;
}

/** The document's example request, with a fresh merchant reference (the document uses `{{$randomUUID}}`). */
export function payinRequest(overrides: Partial<Record<keyof PayinRequest, unknown>> = {}): PayinRequest {
  return {
    reference: randomUUID(),
    accountId: 'merchant_9923lkdz',
    amount: 300,
    msisdn: '+2250702968786',
    customerName: 'John Doe',
    country: 'CI',
    ...overrides,
  } as PayinRequest;
}

/**
 * `POST /v1/payin/sessions` by hand, for what the typed client never sends (it always adds an X-Idempotency-Key
 * and Basic credentials).
 */
export async function rawCreatePayin(
  h: BehaviourHarness,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${h.baseUrl.replace(/\/+$/, '')}/v1/payin/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** `Authorization: Basic base64(api_key:api_client)` from the target's credentials. */
export function basicAuthorization(h: BehaviourHarness): string {
  return `Basic ${Buffer.from(`${h.credentials.apiKey}:${h.credentials.apiClient}`).toString('base64')}`;
}
