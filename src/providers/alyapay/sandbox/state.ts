/** What the AlyaPay sandbox remembers between requests. */
export interface AlyaPaySession {
  id: string;
  token: string;
  expiresAt: number;
  total: string;
  currency: string;
  transactionIds: string[];
}

export interface AlyaPayTransaction {
  id: string;
  paymentIntentId: string;
  sessionId: string;
  status: 'APPROVED' | 'PENDING' | 'CANCELED';
  amount: number;
  currency: string;
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
