import { randomUUID } from 'node:crypto';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { startSandbox } from '../../../src/sandbox/index.js';

const AUTHORIZATION = `Basic ${Buffer.from('test_key:test_client').toString('base64')}`;

/** The document's example request (Exemple de Requête), with a fresh merchant reference in place of {{$randomUUID}}. */
export function documentedPayinRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reference: randomUUID(),
    accountId: 'merchant_9923lkdz',
    amount: 300,
    msisdn: '+2250702968786',
    customerName: 'John Doe',
    country: 'CI',
    ...overrides,
  };
}

/** A Novasend sandbox started in-process on a free loopback port, with raw HTTP helpers. */
export async function novasendSession() {
  const sandbox = await startSandbox('novasend', { port: 0 });
  const control = new SandboxControl(sandbox.url);
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        authorization: AUTHORIZATION,
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'x-idempotency-key': randomUUID() }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a raw reply, read field by field in the assertions
    return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
  };
  return {
    sandbox,
    control,
    send,
    createPayin: (body = documentedPayinRequest(), headers: Record<string, string> = {}) =>
      send('POST', '/v1/payin/sessions', body, headers),
    getPayin: (reference: string) => send('GET', `/v1/payin/${encodeURIComponent(reference)}`),
    progress: (reference: string, step: Parameters<SandboxControl['progressNovasendPayin']>[1]) =>
      control.progressNovasendPayin(reference, step) as Promise<Record<string, unknown>>,
    close: () => sandbox.close(),
  };
}
