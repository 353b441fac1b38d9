import type { ProviderSlug } from '../core/providers.js';
import { type Flow, type FlowFacts, ref } from './postman-flow.js';
import { chariMoneyFlow } from './postman-flow-chari-money.js';

/** AlyaPay: create a session, the customer pays it, the backend verifies the transaction with the session token. */
function alyapayFlow(): Flow {
  return {
    variables: {},
    steps: [
      { op: 'createSession', save: { sessionTokenAuth: 'session_token', sessionId: 'session_id' } },
      {
        op: 'payAlyaPaySession',
        control: true,
        path: { session_id: ref('sessionId') },
        body: { outcome: 'APPROVED' },
        save: { transactionId: 'transaction_id' },
      },
      { op: 'getTransactionStatus', path: { transaction_id: ref('transactionId') } },
    ],
  };
}

/** Novasend: create a payin, read it, the customer accepts, read it again. */
function novasendFlow(): Flow {
  const payin = { reference: ref('payinReference') };
  return {
    variables: {},
    steps: [
      { op: 'createPayinSession', save: { payinReference: 'reference' } },
      { op: 'getPayin', path: payin },
      { op: 'confirmNovasendPayin', control: true, path: payin, body: { decision: 'accepted' } },
      { op: 'getPayin', name: "Get a payin's status after the customer accepted", path: payin },
    ],
  };
}

/** Haloubi: authorize → capture → refund, authorize → void, sale, transactions, and a hosted payment intent. */
function haloubiFlow(): Flow {
  const payment = { id: ref('paymentId') };
  const intent = { id: ref('paymentIntentId') };
  return {
    variables: {},
    steps: [
      { op: 'authorizePayment', save: { paymentId: 'id' } },
      { op: 'getPayment', path: payment },
      { op: 'capturePayment', path: payment },
      { op: 'refundPayment', path: payment },
      { op: 'authorizePayment', name: 'Authorize a payment to void', save: { voidedPaymentId: 'id' } },
      { op: 'voidPayment', path: { id: ref('voidedPaymentId') } },
      { op: 'salePayment' },
      { op: 'listTransactions', save: { transactionId: 'transactions.0.id' } },
      { op: 'getTransaction', path: { id: ref('transactionId') } },
      { op: 'createPaymentIntent', save: { paymentIntentId: 'id', clientSecret: 'client_secret' } },
      { op: 'getPublicPaymentIntent', path: intent },
      { op: 'confirmPaymentIntent', path: intent, body: { client_secret: ref('clientSecret') } },
      {
        op: 'createPaymentIntent',
        name: 'Create a payment intent to cancel',
        save: { cancelledPaymentIntentId: 'id' },
      },
      { op: 'cancelPaymentIntent', path: { id: ref('cancelledPaymentIntentId') } },
    ],
  };
}

/**
 * Chari Pay: a payment on the successful test token, refunded; a deferred-capture payment through a 3-D Secure
 * challenge, then captured; a card saved on a customer. No `webhook_url`: the sandbox would deliver to the example's
 * real host.
 */
function chariPayFlow(facts: FlowFacts): Flow {
  const success = String(facts.testCard('captured').token);
  const challenge = String(facts.testCard('requires_action').token);
  const order = { reference: 'ORDER-{{$guid}}', webhook_url: undefined };
  return {
    variables: {},
    steps: [
      { op: 'createPayment', body: { ...order, payment_method: success }, save: { paymentId: 'id' } },
      { op: 'listPayments' },
      { op: 'getPayment', path: { id: ref('paymentId') } },
      { op: 'refundPayment', path: { id: ref('paymentId') } },
      {
        op: 'createPayment',
        name: 'Create a deferred-capture payment that needs 3-D Secure',
        body: { ...order, payment_method: challenge, capture_method: 'manual' },
        save: { authorizedPaymentId: 'id' },
      },
      {
        op: 'completeChariPayThreeDSecure',
        control: true,
        path: { id: ref('authorizedPaymentId') },
        body: { result: 'success' },
      },
      { op: 'capturePayment', path: { id: ref('authorizedPaymentId') } },
      { op: 'attachPaymentMethod', body: { payment_method: success } },
    ],
  };
}

export const FLOWS: Record<ProviderSlug, (facts: FlowFacts) => Flow> = {
  alyapay: alyapayFlow,
  novasend: novasendFlow,
  'haloubi-gateway': haloubiFlow,
  'chari-pay': chariPayFlow,
  'chari-money': chariMoneyFlow,
};
