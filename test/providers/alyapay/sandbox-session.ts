import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { type SandboxOptions, startSandbox } from '../../../src/sandbox/index.js';

/** The document's request body (Endpoint 1: Create Session), verbatim. */
export const DOCUMENTED_ORDER = {
  total: '1799.00',
  currency: 'MAD',
  items: [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }],
};

/** An AlyaPay sandbox started in-process on a free loopback port, with raw HTTP helpers. */
export async function alyapaySession(options: SandboxOptions = {}) {
  const sandbox = await startSandbox('alyapay', { port: 0, ...options });
  const control = new SandboxControl(sandbox.url);
  const send = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a raw reply, read field by field in the assertions
    return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
  };
  const createSession = (body: unknown = DOCUMENTED_ORDER) =>
    send('POST', '/api/v1/public/sessions', { 'x-api-key': 'test_key' }, body);
  const transactionStatus = (token: string, transactionId: string) =>
    send('GET', `/api/v1/public/transactions/${encodeURIComponent(transactionId)}/status`, {
      'x-session-token': token,
    });
  return { sandbox, control, send, createSession, transactionStatus, close: () => sandbox.close() };
}
