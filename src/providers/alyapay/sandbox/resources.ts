import { controlPageUrl } from '../../../core/sandbox/pages/page-url.js';
import type { SandboxResource } from '../../../core/sandbox/types.js';
import { statusBody } from './sessions.js';
import type { AlyaPayState } from './state.js';

/** AlyaPay: checkout sessions (each with its hosted payment page; the token is not shown) and their transactions. */
export function alyapayResources(state: AlyaPayState): SandboxResource[] {
  const out: SandboxResource[] = [];
  for (const session of state.sessions.values())
    out.push({
      kind: 'sessions',
      id: session.id,
      createdAt: session.createdAt,
      summary: `${session.total} ${session.currency}, ${session.transactionIds.length} transaction(s)`,
      customerPage: controlPageUrl('', 'showAlyaPayCheckout', { session_id: session.id }),
      body: () => ({
        session_id: session.id,
        total: session.total,
        currency: session.currency,
        expires_at: new Date(session.expiresAt).toISOString(),
        transaction_ids: [...session.transactionIds],
      }),
    });
  for (const tx of state.transactions.values())
    out.push({
      kind: 'transactions',
      id: tx.id,
      createdAt: tx.createdAt,
      status: tx.status,
      summary: `${tx.amount} ${tx.currency}, session ${tx.sessionId}`,
      body: () => statusBody(tx),
    });
  return out;
}
