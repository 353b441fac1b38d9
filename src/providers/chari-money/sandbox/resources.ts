import { CustomerStatus, OperationStatus, OperationType } from '../../../../generated/chari-money/enums.js';
import type { SandboxResource } from '../../../core/sandbox/types.js';
import { madText, operationView } from './ledger.js';
import type { Account, ChariMoneyState } from './state.js';

/** An enum's name for a value (`2` → `COMPLETED`), or the value itself when the spec names none. */
function named(values: Record<string, number>, value: number): string {
  return Object.entries(values).find(([, v]) => v === value)?.[0] ?? String(value);
}

function wallet(account: Account, owner: string): SandboxResource {
  return {
    kind: 'wallets',
    id: account.number,
    status: account.kind,
    summary: `${madText(account.balance)}, ${owner}`,
    body: () => ({
      accountNumber: account.number,
      rib: account.rib,
      balance: madText(account.balance),
      level: account.level,
      kind: account.kind,
      owner,
    }),
  };
}

/**
 * Chari Money: customers and wallets (with balances; the sandbox records no creation time for them), retail agents,
 * operations, beneficiaries and saved cards (their PAN masked when read).
 */
export function chariMoneyResources(state: ChariMoneyState): SandboxResource[] {
  const out: SandboxResource[] = [];
  for (const c of state.customers.values()) {
    const { account, pin: _pin, ...customer } = c;
    out.push({
      kind: 'customers',
      id: c.phoneNumber,
      status: named(CustomerStatus, c.status),
      summary: `${c.firstName} ${c.lastName}, level ${account.level}`,
      body: () => ({ ...customer, accountNumber: account.number }),
    });
    out.push(wallet(account, `customer ${c.phoneNumber}`));
  }
  out.push(wallet(state.principal.account, `principal agent ${state.principal.code}`));
  for (const a of state.agents.values()) {
    const { account, ...agent } = a;
    out.push({ kind: 'agents', id: a.code, createdAt: Date.parse(a.createdAt), summary: a.name, body: () => agent });
    out.push(wallet(account, `retail agent ${a.code}`));
  }
  for (const o of state.operations.values())
    out.push({
      kind: 'operations',
      id: String(o.id),
      createdAt: o.createdAt,
      status: named(OperationStatus, o.status),
      summary: `${named(OperationType, o.type)} ${madText(o.amount)}`,
      body: () => operationView(o),
    });
  for (const b of state.beneficiaries.values())
    out.push({
      kind: 'beneficiaries',
      id: String(b.id),
      createdAt: Date.parse(b.createdAt),
      summary: b.name,
      body: () => b,
    });
  for (const card of state.cards.values())
    out.push({ kind: 'cards', id: String(card.id), summary: `card of ${card.owner}`, body: () => card });
  return out;
}
