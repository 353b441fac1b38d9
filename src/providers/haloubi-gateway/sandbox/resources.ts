import { fromMinorUnits } from '../../../core/money.js';
import type { SandboxResource } from '../../../core/sandbox/types.js';
import { paymentView } from './payments.js';
import type { HaloubiState } from './state.js';

const amount = (minor: number, currency: Parameters<typeof fromMinorUnits>[1]) =>
  `${fromMinorUnits(minor, currency)} ${currency}`;

/** Haloubi: payments, payment intents (their client secret redacted when read) and transactions. */
export function haloubiResources(state: HaloubiState): SandboxResource[] {
  const out: SandboxResource[] = [];
  for (const p of state.payments.values())
    out.push({
      kind: 'payments',
      id: p.id,
      createdAt: Date.parse(p.created_at),
      status: p.status,
      summary: amount(p.amount, p.currency),
      body: () => paymentView(p),
    });
  for (const intent of state.intents.values())
    out.push({
      kind: 'intents',
      id: intent.id,
      createdAt: intent.created_at === undefined ? undefined : Date.parse(intent.created_at),
      status: intent.status,
      summary: amount(intent.amount, intent.currency),
      body: () => {
        const { expiresAtMs: _internal, ...view } = intent;
        return view;
      },
    });
  for (const t of state.transactions)
    out.push({
      kind: 'transactions',
      id: t.id,
      createdAt: Date.parse(t.created_at),
      status: t.status,
      summary: `${t.type} ${amount(t.amount, t.currency)}`,
      body: () => t,
    });
  return out;
}
