// Novasend payin: open a mobile-money payin session, let the customer confirm it, then read its final status.
// Run: npx tsx examples/novasend.ts
import { randomUUID } from 'node:crypto';
import { createNovasendClient, toNovasendAmount } from 'paycontracts/novasend';
import { SandboxControl, startSandbox } from 'paycontracts/sandbox';

// NOVASEND_BASE_URL + NOVASEND_API_KEY + NOVASEND_API_CLIENT target a real Novasend sandbox; otherwise a local one.
const live = Boolean(process.env.NOVASEND_BASE_URL && process.env.NOVASEND_API_KEY && process.env.NOVASEND_API_CLIENT);
const sandbox = live ? undefined : await startSandbox('novasend');
const novasend = live
  ? createNovasendClient({
      baseUrl: process.env.NOVASEND_BASE_URL!,
      apiKey: process.env.NOVASEND_API_KEY!,
      apiClient: process.env.NOVASEND_API_CLIENT!,
    })
  : createNovasendClient({ baseUrl: sandbox!.url, apiKey: 'test_key', apiClient: 'test_client' });

try {
  // X-Idempotency-Key is mandatory: the client generates one per call (pass `idempotencyKey` to choose it, e.g. to
  // retry after a crash with the key you stored next to the order).
  const orderId = randomUUID(); // your own reference, echoed back as customerReference
  const { data: session, idempotencyKey } = await novasend.post('/v1/payin/sessions', {
    body: {
      reference: orderId,
      accountId: 'merchant_9923lkdz',
      amount: toNovasendAmount('300'),
      msisdn: '+2250702968786',
      customerName: 'John Doe',
      country: 'CI',
    },
  });
  console.log(`Payin ${session.reference} (idempotency key ${idempotencyKey}): ${session.status}`);
  console.log(
    `Amount ${session.amount} ${session.currency} + fee ${session.fee} = charged ${session.chargedAmount} ${session.currency}`,
  );
  console.log(`Send the customer to ${session.paymentUrl}`);

  if (sandbox) {
    // Local only: the sandbox control API plays the customer who accepts on their phone (see specs/sandbox-control/).
    await new SandboxControl(sandbox.url).confirmNovasendPayin(session.reference, 'accepted');
  }

  // Novasend's webhooks are unsigned, so the status read with your credentials is what you trust.
  const { data: payin } = await novasend.get('/v1/payin/{reference}', {
    params: { path: { reference: session.reference } },
  });
  // Until the customer answers, `transaction` is null or {} (as Novasend documents it).
  const tx = payin.transaction && 'status' in payin.transaction ? payin.transaction : undefined;
  console.log(
    `Status: ${payin.status}, confirmation ${payin.confirmationStatus}, transaction ${tx?.status ?? 'none yet'}`,
  );
  if (tx?.status === 'completed') {
    console.log(
      `Paid: ${tx.chargedAmount} ${tx.currency} (amount ${tx.amount} + fees ${tx.fees}) from ${tx.phoneNumber}`,
    );
  } else if (sandbox) {
    throw new Error(`Expected a completed transaction, got ${JSON.stringify(payin)}`);
  }
} finally {
  await sandbox?.close();
}
