import { AlyaPayErrorCode } from '../../../../generated/alyapay/enums.js';
import type { components } from '../../../../generated/alyapay/schema.js';
import spec from '../../../../generated/alyapay/spec.js';
import { fromMinorUnits, minorUnitsToDecimalNumber, toMinorUnits } from '../../../core/money.js';
import { deref, type JsonObject, resolvePointer } from '../../../core/openapi-document.js';
import { randomBase64url, randomUuid } from '../../../core/sandbox/random.js';
import type { ControlContext, SandboxContext, SandboxReply } from '../../../core/sandbox/types.js';
import { orderSum, sumInMinorUnits, totalMatches } from '../order-total.js';
import { alyapayError, controlError } from './errors.js';
import type { AlyaPayState, AlyaPayTransaction } from './state.js';

type SessionRequest = components['schemas']['CreateSessionRequest'];

/** The token's lifetime, read from the spec's documented `expires_in` example (3600 s = 1 hour). */
const SESSION_LIFETIME_SECONDS = (() => {
  const node = deref<JsonObject>(spec, resolvePointer(spec, '#/components/schemas/Session/properties/expires_in'));
  const seconds = Array.isArray(node.examples) ? node.examples[0] : undefined;
  if (typeof seconds !== 'number') throw new Error('The alyapay spec needs an example on Session.expires_in.');
  return seconds;
})();

/** `dd/MM/yy HH:mm:ss`, the timestamp format of AlyaPay's status response. */
function alyapayTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export function statusBody(tx: AlyaPayTransaction) {
  return {
    status: tx.status,
    transaction_id: tx.id,
    payment_intent_id: tx.paymentIntentId,
    amount: tx.amount,
    currency: tx.currency,
    merchant_name: 'Sandbox Store',
    store_name: 'Sandbox Store',
    customer_phone: '212650296165',
    created_at: alyapayTime(tx.createdAt),
    updated_at: alyapayTime(tx.updatedAt),
  };
}

/** Why the order's amounts are refused, in AlyaPay's codes; undefined when total = Σ price × quantity exactly. */
function amountProblem({ total, currency, items }: SessionRequest): SandboxReply | undefined {
  let totalMinor: bigint;
  try {
    totalMinor = toMinorUnits(total, currency);
  } catch (e) {
    return alyapayError(400, AlyaPayErrorCode.INVALID_AMOUNT, (e as Error).message);
  }
  if (totalMinor <= 0n) return alyapayError(400, AlyaPayErrorCode.INVALID_AMOUNT, 'Amount must be greater than 0.');
  let sum: ReturnType<typeof orderSum>;
  try {
    sum = orderSum(items, currency);
  } catch (e) {
    return alyapayError(
      400,
      AlyaPayErrorCode.INVALID_ITEMS,
      `An item price or quantity is invalid: ${(e as Error).message}`,
    );
  }
  if (totalMatches(totalMinor, sum)) return undefined;
  const minor = sumInMinorUnits(sum);
  const computed = minor === undefined ? 'a fraction of a centime' : `${fromMinorUnits(minor, currency)} ${currency}`;
  return alyapayError(
    400,
    AlyaPayErrorCode.AMOUNT_MISMATCH,
    `Total ${total} doesn't match the sum of items (${computed}).`,
  );
}

export function createSession({ body, state, clock, newId }: SandboxContext<AlyaPayState>): SandboxReply {
  const request = body as SessionRequest;
  const refused = amountProblem(request);
  if (refused) return refused;
  const session = {
    id: newId('sess_'),
    token: `eyJ${randomBase64url(24)}`,
    createdAt: clock.now(),
    expiresAt: clock.now() + SESSION_LIFETIME_SECONDS * 1000,
    total: request.total,
    currency: request.currency,
    transactionIds: [],
  };
  state.sessions.set(session.id, session);
  state.sessionsByToken.set(session.token, session);
  return {
    status: 200,
    body: { session_token: session.token, expires_in: SESSION_LIFETIME_SECONDS, session_id: session.id },
  };
}

export function getTransactionStatus({ params, state }: SandboxContext<AlyaPayState>): SandboxReply {
  const session = state.sessionsByToken.get(String(params.header['x-session-token']));
  const tx = state.transactions.get(String(params.path.transaction_id));
  // A token only reads the transactions of its own session.
  if (!session || !tx || tx.sessionId !== session.id)
    return alyapayError(404, AlyaPayErrorCode.TRANSACTION_NOT_FOUND, "Transaction doesn't exist.");
  return { status: 200, body: statusBody(tx) };
}

/** The customer pays (or abandons) a checkout session: a transaction with the chosen status. */
export function paySession({ params, body, state, clock }: ControlContext<AlyaPayState>): SandboxReply {
  const session = state.sessions.get(params.session_id ?? '');
  if (!session) return controlError(404, 'not_found', `No AlyaPay session ${params.session_id} in this sandbox.`);
  if (session.transactionIds.some((id) => state.transactions.get(id)?.status === 'APPROVED'))
    return controlError(409, 'invalid_state', 'The session was already paid.');
  const now = clock.now();
  const tx: AlyaPayTransaction = {
    id: randomUuid(),
    paymentIntentId: randomUuid(),
    sessionId: session.id,
    status: (body as { outcome: AlyaPayTransaction['status'] }).outcome,
    amount: minorUnitsToDecimalNumber(toMinorUnits(session.total, session.currency), session.currency),
    currency: session.currency,
    createdAt: now,
    updatedAt: now,
  };
  state.transactions.set(tx.id, tx);
  session.transactionIds.push(tx.id);
  return { status: 200, body: { transaction_id: tx.id } };
}
