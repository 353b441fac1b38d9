import type { components, operations } from '../../../../generated/chari-pay/schema.js';
import type { SandboxContext, SandboxReply } from '../../../core/sandbox/types.js';
import { invalidRequest } from './errors.js';
import type { ChariPayState, StoredPayment } from './state.js';

type ListQuery = NonNullable<operations['listPayments']['parameters']['query']>;

/** The documented filters; dates are inclusive calendar days (UTC) of `created`. */
function matches(stored: StoredPayment, query: ListQuery): boolean {
  const { payment } = stored;
  const day = payment.created.slice(0, 10);
  return (
    (query.status === undefined || payment.status === query.status) &&
    (query.reference === undefined || payment.reference === query.reference) &&
    (query.amount === undefined || payment.amount === query.amount) &&
    (query.date_from === undefined || day >= query.date_from) &&
    (query.date_to === undefined || day <= query.date_to)
  );
}

/**
 * `GET /v1/payments`: newest first, by cursor. `starting_after` is the id of the last payment of the previous page,
 * so pages stay stable while new payments arrive.
 */
export function listPayments(ctx: SandboxContext<ChariPayState>): SandboxReply {
  // The parameter validators have coerced the query and applied the documented `limit` default.
  const query = ctx.params.query as ListQuery;
  const limit = Number(query.limit);
  let before = Number.POSITIVE_INFINITY;
  if (query.starting_after !== undefined) {
    const cursor = ctx.state.payments.get(query.starting_after);
    if (!cursor)
      return invalidRequest(
        'resource_missing',
        `No such payment: ${query.starting_after}. Pass the next_cursor of the previous page as starting_after.`,
        'starting_after',
      );
    before = cursor.seq;
  }
  const found = [...ctx.state.payments.values()]
    .filter((p) => p.seq < before && matches(p, query))
    .sort((a, b) => b.seq - a.seq);
  const page = found.slice(0, limit);
  const last = page.at(-1);
  const hasMore = found.length > limit && last !== undefined;
  const body: components['schemas']['PaymentList'] = {
    data: page.map((p) => structuredClone(p.payment)),
    has_more: hasMore,
    next_cursor: hasMore ? last.payment.id : null,
  };
  return { status: 200, body };
}
