import { fromMinorUnits } from '../../../core/money.js';
import type { SandboxResource } from '../../../core/sandbox/types.js';
import type { ChariPayState } from './state.js';

/** Chari Pay: payments (as `GET /v1/payments/{id}` shows them) and the cards saved on customer profiles. */
export function chariPayResources(state: ChariPayState): SandboxResource[] {
  const out: SandboxResource[] = [];
  for (const { payment } of state.payments.values())
    out.push({
      kind: 'payments',
      id: payment.id,
      createdAt: Date.parse(payment.created),
      status: payment.status,
      summary: `${fromMinorUnits(payment.amount, payment.currency)} ${payment.currency}, ${payment.reference}`,
      body: () => payment,
    });
  for (const { card } of state.savedCards.values())
    out.push({
      kind: 'payment_methods',
      id: card.id,
      createdAt: card.created === undefined ? undefined : Date.parse(card.created),
      summary: `${card.network} card of ${card.customer_id}`,
      body: () => card,
    });
  return out;
}
