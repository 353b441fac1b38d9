/**
 * Type-level tests, checked by `tsc --noEmit -p .` (test/pipeline/typescript.test.ts runs it): each
 * `@ts-expect-error` must meet an error, or tsc fails on the unused directive. Nothing here runs.
 */
import type { components } from '../../generated/chari-money/schema.js';
import type { ChariMoneyClient, ChariMoneyWebhookEvent } from '../../src/providers/chari-money/index.js';

declare const client: ChariMoneyClient;
declare const delivery: ChariMoneyWebhookEvent;
const customer = {
  phoneNumber: '+212711111111',
  firstName: 'Amine',
  lastName: 'Benali',
  cin: 'AB123456',
  walletType: 'P',
} as const;

export async function typedCalls(): Promise<void> {
  // The throwing style returns what is inside { data }; no C-Request-Id needed, the client sends one.
  const balance = await client.get('/api/customers/balance', {
    params: { query: { phoneNumber: '+212711111111' } },
    requestId: 'trace-1',
  });
  const requestId: string | undefined = balance.requestId;
  await client.post('/api/customers/register', { body: customer });
  const enveloped = await client.GET('/api/customers/balance', { params: { query: { phoneNumber: '+212711111111' } } });
  if (enveloped.data) enveloped.data.data satisfies object;
  void requestId;

  // @ts-expect-error a path the spec does not have
  await client.post('/api/customers/registration', { body: customer });
  await client.post('/api/customers/register', {
    // @ts-expect-error registerCustomer without its required cin
    body: { phoneNumber: '+212711111111', firstName: 'Amine', lastName: 'Benali', walletType: 'P' },
  });
  // @ts-expect-error walletType is P or C in the spec
  await client.post('/api/customers/register', { body: { ...customer, walletType: 'X' } });
  // @ts-expect-error getCustomerBalance needs its phoneNumber query
  await client.get('/api/customers/balance', { params: { query: {} } });

  // Coming-soon operations are not callable; their available siblings on the same path are.
  await client.get('/api/agents/retail/{code}', { params: { path: { code: 'AG-001' } } });
  // @ts-expect-error updateRetailAgent is documented as coming soon
  await client.put('/api/agents/retail/{code}', { params: { path: { code: 'AG-001' } } });
  // @ts-expect-error resetCustomerPin is documented as coming soon
  await client.post('/api/customers/pin/reset', { body: {} as never });
}

export function typedWebhooks(): void {
  if (delivery.event === undefined) {
    delivery.candidates satisfies string[];
    return;
  }
  if (delivery.event === 'bank-transfer.completed') {
    const amount: components['schemas']['Amount'] = delivery.payload.data.Amount;
    void amount;
  }
  // @ts-expect-error not an event of the Chari Money spec
  if (delivery.event === 'wallet.frozen') return;
}
