import type { SandboxContext, SandboxReply } from '../../../core/sandbox/types.js';
import { notFound } from './errors.js';
import type { HaloubiState, HaloubiTransaction } from './state.js';

type Ctx = SandboxContext<HaloubiState>;

/** Every payment operation leaves one processing record (one per partial capture or refund). */
export function recordTransaction(
  ctx: Pick<Ctx, 'state' | 'clock' | 'newId'>,
  fields: Omit<HaloubiTransaction, 'id' | 'created_at'>,
): void {
  const transaction: HaloubiTransaction = { id: ctx.newId('txn_'), ...fields, created_at: ctx.clock.iso() };
  ctx.state.transactions.push(transaction);
  ctx.state.transactionsById.set(transaction.id, transaction);
}

export function getTransaction({ op, params, state }: Ctx): SandboxReply {
  const transaction = state.transactionsById.get(String(params.path.id));
  return transaction ? { status: 200, body: transaction } : notFound(op.path, params.path.id);
}

/** Newest first, filtered by status; `limit` and `offset` arrive validated, with the spec's defaults applied. */
export function listTransactions({ params, state }: Ctx): SandboxReply {
  const { status, limit, offset } = params.query as {
    status?: HaloubiTransaction['status'];
    limit: number;
    offset: number;
  };
  const matching = state.transactions.filter((t) => status === undefined || t.status === status).reverse();
  return {
    status: 200,
    body: { transactions: matching.slice(offset, offset + limit), total: matching.length, limit, offset },
  };
}
