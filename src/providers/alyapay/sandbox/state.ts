import type { components } from '../../../../generated/alyapay/schema.js';

type SessionRequest = components['schemas']['CreateSessionRequest'];

/** What the AlyaPay sandbox remembers between requests. */
export interface AlyaPaySession {
  id: string;
  token: string;
  /** sandbox clock, ms */
  createdAt: number;
  expiresAt: number;
  total: string;
  currency: SessionRequest['currency'];
  transactionIds: string[];
}

export interface AlyaPayTransaction {
  id: string;
  paymentIntentId: string;
  sessionId: string;
  status: components['schemas']['TransactionStatus']['status'];
  amount: number;
  currency: SessionRequest['currency'];
  createdAt: number;
  updatedAt: number;
}

export interface AlyaPayState {
  sessions: Map<string, AlyaPaySession>;
  sessionsByToken: Map<string, AlyaPaySession>;
  transactions: Map<string, AlyaPayTransaction>;
}

export function initialAlyaPayState(): AlyaPayState {
  return { sessions: new Map(), sessionsByToken: new Map(), transactions: new Map() };
}
