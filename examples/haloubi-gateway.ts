// Haloubi gateway: authorize a card, capture part of it when the order ships, refund a returned item, handle a
// declined card, and walk the transaction list. Run: npx tsx examples/haloubi-gateway.ts
import { PaymentApiError } from 'paycontracts';
import { createHaloubiGatewayClient, fromHaloubiAmount, toHaloubiAmount } from 'paycontracts/haloubi-gateway';
import { startSandbox } from 'paycontracts/sandbox';

// HALOUBI_GATEWAY_BASE_URL + HALOUBI_API_KEY target a real Haloubi sandbox; otherwise a local one is started.
const live = Boolean(process.env.HALOUBI_GATEWAY_BASE_URL && process.env.HALOUBI_API_KEY);
const sandbox = live ? undefined : await startSandbox('haloubi-gateway');
const haloubi = createHaloubiGatewayClient({
  baseUrl: sandbox?.url ?? process.env.HALOUBI_GATEWAY_BASE_URL!,
  apiKey: live ? process.env.HALOUBI_API_KEY! : 'test_key',
});

// Haloubi's documented test cards: any future expiry, any CVV.
const card = (number: string) => ({
  number,
  exp_month: 12,
  exp_year: new Date().getUTCFullYear() + 2,
  cvv: '123',
  cardholder_name: 'Jane Doe',
});
const mad = (cents: number) => `${fromHaloubiAmount(cents, 'MAD')} MAD`;

try {
  // 1. Hold 100.00 MAD on the customer's card (each payment POST carries its own Idempotency-Key).
  const { data: auth } = await haloubi.post('/api/v1/payments/authorize', {
    body: {
      amount: toHaloubiAmount('100.00', 'MAD'),
      currency: 'MAD',
      card: card('4242424242424242'),
      description: 'Order #12345',
      metadata: { order_id: '12345' },
    },
  });
  console.log(
    `Authorized ${auth.id}: ${mad(auth.amount)} on ${auth.card?.brand} •••• ${auth.card?.last4}, status ${auth.status}`,
  );

  // 2. Only part of the order shipped: capture 80.00 MAD (partial captures are allowed, up to the authorized amount).
  const id = { params: { path: { id: auth.id } } };
  const { data: captured } = await haloubi.post('/api/v1/payments/{id}/capture', {
    ...id,
    body: { amount: toHaloubiAmount('80.00', 'MAD') },
  });
  console.log(`Captured ${mad(captured.captured_amount ?? 0)} of ${mad(captured.amount)}: ${captured.status}`);

  // 3. The customer returns an item: refund 30.00 MAD of what was captured.
  const { data: refunded } = await haloubi.post('/api/v1/payments/{id}/refund', {
    ...id,
    body: { amount: toHaloubiAmount('30.00', 'MAD'), reason: 'Product returned' },
  });
  console.log(`Refunded ${mad(refunded.refunded_amount ?? 0)}: ${refunded.status}`);

  // 4. A declined card is a typed error: kind 'payment_declined', Haloubi's decline code and message.
  try {
    await haloubi.post('/api/v1/payments/authorize', {
      body: { amount: 5000, currency: 'MAD', card: card('4000000000000002') },
    });
    throw new Error('The generic decline test card was accepted');
  } catch (error) {
    if (!(error instanceof PaymentApiError) || error.kind !== 'payment_declined') throw error;
    console.log(`Declined: kind ${error.kind}, HTTP ${error.status}, code ${error.code}, "${error.providerMessage}"`);
  }

  // 5. The transactions of the authorized payment. The list is newest first and paginate follows limit/offset
  //    across pages, so the loop stops at this payment's authorization instead of reading the whole history.
  for await (const tx of haloubi.paginate('/api/v1/transactions', { params: { query: { limit: 2 } } })) {
    if (tx.payment_id !== auth.id) continue;
    console.log(`  ${tx.id}  ${tx.type.padEnd(13)} ${tx.status.padEnd(10)} ${mad(tx.amount)}`);
    if (tx.type === 'authorization') break;
  }
} finally {
  await sandbox?.close();
}
