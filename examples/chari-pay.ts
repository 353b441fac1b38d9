// Chari Pay: a card payment that needs 3-D Secure, a partial refund, a declined card, and the payment list.
// Run: npx tsx examples/chari-pay.ts
import { randomUUID } from 'node:crypto';
import { createChariPayClient, fromChariPayAmount, toChariPayAmount } from 'paycontracts/chari-pay';
import { SandboxControl, startSandbox } from 'paycontracts/sandbox';

// CHARI_PAY_BASE_URL + CHARI_PAY_SECRET_KEY target a real Chari Pay sandbox; otherwise a local one is started.
const live = Boolean(process.env.CHARI_PAY_BASE_URL && process.env.CHARI_PAY_SECRET_KEY);
const sandbox = live ? undefined : await startSandbox('chari-pay');
const chari = createChariPayClient({
  baseUrl: sandbox?.url ?? process.env.CHARI_PAY_BASE_URL!,
  secretKey: live ? process.env.CHARI_PAY_SECRET_KEY! : 'test_key',
});

const mad = (centimes: number) => `${fromChariPayAmount(centimes, 'MAD')} MAD`;
const order = (token: string) => ({
  amount: toChariPayAmount('150.00', 'MAD'),
  currency: 'MAD' as const,
  reference: `ORDER-${randomUUID()}`, // one reference per order
  return_url: 'https://mysite.ma/payment/return',
  // No webhook_url: the events go to the URL registered in the dashboard (add one to send this payment's elsewhere).
  payment_method: token,
});

try {
  // 1. tok_3ds_challenge is the documented test card that always asks for 3-D Secure (live, with nobody to pass
  //    the challenge, the example pays with tok_success instead).
  const { data: created } = await chari.post('/v1/payments', {
    body: order(sandbox ? 'tok_3ds_challenge' : 'tok_success'),
  });
  console.log(`Payment ${created.id} for ${mad(created.amount)}: ${created.status}`);
  const params = { params: { path: { id: created.id } } };
  if (created.status === 'requires_action' && created.next_action && sandbox) {
    // A real integration redirects the customer there, then waits for the payment.completed webhook.
    console.log(`Redirect the customer to ${created.next_action.redirect_url}`);
    // Local only: the sandbox control API plays the customer passing the challenge (see specs/sandbox-control/).
    await new SandboxControl(sandbox.url).completeChariPayThreeDSecure(created.id, 'success');
  }
  const { data: paid } = await chari.get('/v1/payments/{id}', params);
  console.log(`Status now: ${paid.status} (${mad(paid.amount_captured ?? 0)} charged)`);

  // 2. Refund part of it (omit `amount` to refund everything that is left).
  const { data: refund } = await chari.post('/v1/payments/{id}/refunds', {
    ...params,
    body: { amount: toChariPayAmount('50.00', 'MAD') },
  });
  const { data: after } = await chari.get('/v1/payments/{id}', params);
  console.log(
    `Refund ${refund.id}: ${mad(refund.amount)}; payment ${after.status}, refunded ${mad(after.amount_refunded ?? 0)}`,
  );

  // 3. A declined card is not an HTTP error here: the payment comes back `failed` with a failure_code.
  const { data: declined } = await chari.post('/v1/payments', { body: order('tok_decline_insufficient_funds') });
  console.log(`Payment ${declined.id}: ${declined.status} (${declined.failure_code})`);

  // 4. The list is newest first with a cursor; paginate follows starting_after until has_more is false.
  let shown = 0;
  for await (const payment of chari.paginate('/v1/payments', {
    params: { query: { limit: 1, amount: created.amount } },
  })) {
    console.log(`  ${payment.id}  ${payment.status.padEnd(18)} ${mad(payment.amount)}  ${payment.reference}`);
    if (++shown === 5) break; // a long-lived account has many; breaking out stops fetching pages
  }
} finally {
  await sandbox?.close();
}
