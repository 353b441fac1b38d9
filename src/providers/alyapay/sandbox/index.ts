import { randomUUID } from 'node:crypto';
import { parameterValidators } from '../../../../generated/alyapay/parameter-validators.js';
import spec from '../../../../generated/alyapay/spec.js';
import { validators } from '../../../../generated/alyapay/validators.js';
import { toScaledInteger } from '../../../core/money.js';
import { randomBase64url } from '../../../core/sandbox/random.js';
import type { SandboxDefinition, SandboxReply } from '../../../core/sandbox/types.js';
import { type AlyaPayState, type AlyaPayTransaction, initialAlyaPayState } from './state.js';

type ErrorCode =
  | 'INVALID_AMOUNT'
  | 'INVALID_CURRENCY'
  | 'INVALID_ITEMS'
  | 'AMOUNT_MISMATCH'
  | 'INVALID_API_KEY'
  | 'INVALID_SESSION_TOKEN'
  | 'TRANSACTION_NOT_FOUND'
  | 'RATE_LIMIT_EXCEEDED';

function error(status: number, code: ErrorCode | string, message: string): SandboxReply {
  return { status, body: { error: code, message } };
}

/** The token's lifetime, read from the spec's documented `expires_in` example (3600 s = 1 hour). */
const SESSION_LIFETIME_SECONDS = Number(
  (spec as { components: { schemas: { Session: { properties: { expires_in: { examples: number[] } } } } } }).components
    .schemas.Session.properties.expires_in.examples[0],
);

/** AlyaPay's documented codes for a bad session body, by the field that is wrong. */
function codeForField(path: string, missing?: unknown): ErrorCode {
  const field = path.split('/')[1] || String(missing ?? '');
  if (field === 'currency') return 'INVALID_CURRENCY';
  if (field === 'total') return 'INVALID_AMOUNT';
  return 'INVALID_ITEMS';
}

/** `dd/MM/yy HH:mm:ss`, the timestamp format of AlyaPay's status response. */
function alyapayTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function statusBody(tx: AlyaPayTransaction) {
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

interface SessionBody {
  total: string;
  currency: string;
  items: { id: string; name: string; price: number; quantity: number }[];
}

/** AlyaPay: sessions with every documented validation, 1-hour session tokens, transaction status by token. */
export const alyapaySandbox: SandboxDefinition<AlyaPayState> = {
  slug: 'alyapay',
  spec,
  validators,
  parameterValidators,
  defaultCredentials: { ApiKeyAuth: 'test_key' },
  initialState: initialAlyaPayState,
  authenticateDynamic: (scheme, token, ctx) => {
    if (scheme !== 'SessionTokenAuth') return false;
    const session = ctx.state.sessionsByToken.get(token);
    return session !== undefined && session.expiresAt > ctx.clock.now();
  },
  errors: {
    invalidRequest: (message, op, problem) =>
      // getTransactionStatus documents no 400: a transaction id it cannot read is a transaction it cannot find.
      op?.operationId === 'getTransactionStatus'
        ? error(404, 'TRANSACTION_NOT_FOUND', "Transaction doesn't exist.")
        : error(400, codeForField(problem?.instancePath ?? '', problem?.params.missingProperty), message),
    unauthorized: (scheme) =>
      scheme === 'SessionTokenAuth'
        ? error(401, 'INVALID_SESSION_TOKEN', 'Session token is invalid or expired.')
        : error(401, 'INVALID_API_KEY', 'API key is invalid or missing.'),
    routeNotFound: (method, path) => error(404, 'NOT_FOUND', `AlyaPay has no endpoint ${method} ${path}.`),
  },
  handlers: {
    createSession: ({ body, state, clock, newId }) => {
      const { total, currency, items } = body as SessionBody;
      // Amounts in centimes, never floats: "1799.00" must equal 1799 × 1.
      let totalMinor: bigint;
      let sumMinor = 0n;
      try {
        totalMinor = toScaledInteger(total, 2, currency);
        for (const item of items) sumMinor += toScaledInteger(item.price, 2, currency) * BigInt(item.quantity);
      } catch (e) {
        return error(400, 'INVALID_AMOUNT', (e as Error).message);
      }
      if (totalMinor <= 0n) return error(400, 'INVALID_AMOUNT', 'Amount must be greater than 0.');
      if (sumMinor !== totalMinor)
        return error(
          400,
          'AMOUNT_MISMATCH',
          `Total ${total} doesn't match the sum of items (${(Number(sumMinor) / 100).toFixed(2)}).`,
        );
      const session = {
        id: newId('sess_'),
        token: `eyJ${randomBase64url(24)}`,
        expiresAt: clock.now() + SESSION_LIFETIME_SECONDS * 1000,
        total,
        currency,
        transactionIds: [],
      };
      state.sessions.set(session.id, session);
      state.sessionsByToken.set(session.token, session);
      return {
        status: 200,
        body: { session_token: session.token, expires_in: SESSION_LIFETIME_SECONDS, session_id: session.id },
      };
    },
    getTransactionStatus: ({ params, state }) => {
      const token = String(params.header['x-session-token']);
      const session = state.sessionsByToken.get(token)!;
      const tx = state.transactions.get(String(params.path.transaction_id));
      // A token only reads the transactions of its own session.
      if (!tx || tx.sessionId !== session.id) return error(404, 'TRANSACTION_NOT_FOUND', "Transaction doesn't exist.");
      return { status: 200, body: statusBody(tx) };
    },
  },
  control: [
    {
      method: 'POST',
      path: '/sessions/:session_id/pay',
      operationId: 'payAlyaPaySession',
      handle: ({ params, body, state, clock }) => {
        const session = state.sessions.get(params.session_id!);
        if (!session)
          return {
            status: 404,
            body: { error: { code: 'not_found', message: `No AlyaPay session ${params.session_id} in this sandbox.` } },
          };
        if (session.transactionIds.some((id) => state.transactions.get(id)?.status === 'APPROVED')) {
          return { status: 409, body: { error: { code: 'invalid_state', message: 'The session was already paid.' } } };
        }
        const now = clock.now();
        const tx: AlyaPayTransaction = {
          id: randomUUID(),
          paymentIntentId: randomUUID(),
          sessionId: session.id,
          status: (body as { outcome: AlyaPayTransaction['status'] }).outcome,
          amount: Number(toScaledInteger(session.total, 2, session.currency)) / 100,
          currency: session.currency,
          createdAt: now,
          updatedAt: now,
        };
        state.transactions.set(tx.id, tx);
        session.transactionIds.push(tx.id);
        return { status: 200, body: { transaction_id: tx.id } };
      },
    },
  ],
};
