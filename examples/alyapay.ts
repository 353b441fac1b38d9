// AlyaPay checkout: create a session whose total is the exact sum of its items, let the customer pay,
// then verify the transaction with the session token. Run: npx tsx examples/alyapay.ts
import { buildAlyaPayOrder, createAlyaPayClient } from 'paycontracts/alyapay';
import { SandboxControl, startSandbox } from 'paycontracts/sandbox';

// ALYAPAY_BASE_URL + ALYAPAY_API_KEY target a real AlyaPay sandbox; otherwise a local one is started.
const live = Boolean(process.env.ALYAPAY_BASE_URL && process.env.ALYAPAY_API_KEY);
const sandbox = live ? undefined : await startSandbox('alyapay');
const baseUrl = sandbox?.url ?? process.env.ALYAPAY_BASE_URL!;
const apiKey = live ? process.env.ALYAPAY_API_KEY! : 'test_key';

try {
  const alyapay = createAlyaPayClient({ apiKey, baseUrl });

  // buildAlyaPayOrder computes `total` from price × quantity in exact centimes (AlyaPay refuses AMOUNT_MISMATCH).
  const order = buildAlyaPayOrder('MAD', [
    { id: 'PRODUCT_123', name: 'Wireless Headphones', price: '1799.00', quantity: 1 },
    { id: 'CABLE_USB_C', name: 'USB-C cable', price: '49.50', quantity: 2 },
  ]);
  const { data: session } = await alyapay.post('/api/v1/public/sessions', { body: order });
  const expiresAt = new Date(Date.now() + session.expires_in * 1000).toISOString();
  console.log(
    `Checkout session ${session.session_id} for ${order.total} ${order.currency}, expires in ${session.expires_in} s (${expiresAt})`,
  );

  if (!sandbox) {
    // Live: the customer now pays on AlyaPay's page; your return URL handler verifies the status as below.
    console.log('Live target: send the customer to the checkout, then verify the transaction status.');
  } else {
    // Local only: the sandbox control API plays the customer who pays the session (see specs/sandbox-control/).
    const { transaction_id } = await new SandboxControl(sandbox.url).payAlyaPaySession(session.session_id, 'APPROVED');

    // Verifying a transaction authenticates with the session's token (X-Session-Token), not the API key.
    const verifier = createAlyaPayClient({ apiKey, sessionToken: session.session_token, baseUrl });
    const { data: tx } = await verifier.get('/api/v1/public/transactions/{transaction_id}/status', {
      params: { path: { transaction_id } },
    });
    console.log(`Transaction ${tx.transaction_id}: ${tx.status}, ${tx.amount} ${tx.currency}`);
    if (tx.status !== 'APPROVED') throw new Error(`Expected an approved payment, got ${tx.status}`);
    console.log('Order fulfilled.');
  }
} finally {
  // An error still propagates (exit code 1, with its kind, status and AlyaPay code); the sandbox is closed first.
  await sandbox?.close();
}
