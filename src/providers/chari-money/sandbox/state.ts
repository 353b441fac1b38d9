import { toMinorUnits } from '../../../core/money.js';
import type { SandboxContext, SandboxReply } from '../../../core/sandbox/types.js';
import { CURRENCY, PRINCIPAL_AGENT_EXAMPLE } from './documented-facts.js';

/** A wallet: a customer's, a retail agent's or the principal agent's. Balances are MAD centimes. */
export interface Account {
  /** the wallet identifier shown as `accountNumber` (the MSISDN) */
  number: string;
  rib: string;
  balance: bigint;
  /** AccountLevel; limits apply to customer wallets only (agents have negotiated limits) */
  level: number;
  kind: 'customer' | 'retail-agent' | 'principal-agent';
}

export interface Customer {
  phoneNumber: string;
  firstName: string;
  lastName: string;
  cin: string;
  walletType: 'P' | 'C';
  closeLoopOnly: boolean;
  /** CustomerStatus */
  status: number;
  pin?: string;
  failedPinAttempts: number;
  account: Account;
  /** an upgrade request under review: the level asked for and when the review ends (sandbox clock, ms) */
  review?: { level: number; dueAt: number; cRequestId?: string };
}

export interface Agent {
  code: string;
  name: string;
  phoneNumber: string;
  firstName?: string;
  lastName?: string;
  cin?: string;
  address?: string | null;
  email?: string | null;
  createdAt: string;
  account: Account;
}

/** What the gateway knows of a card operation until 3-D Secure is passed. */
export interface CardChallenge {
  pan: string;
  keepAlive: boolean;
  cardName?: string;
  /** who the card is saved for when KeepAlive is true (the phone or agent the call named) */
  owner: string;
  /** a merchant payment by card's own return URLs, `NotificationUrl` and `ExternalReference` */
  acceptUrl?: string;
  declineUrl?: string;
  notificationUrl?: string;
  externalReference?: string;
  /** `AutoCapture: false`: a passed 3-D Secure only authorizes the card (undefined: captured) */
  authorizeOnly?: boolean;
  /** set once the cardholder answered: an authorized-only operation stays OPEN but takes no second code */
  outcome?: 'passed' | 'failed';
}

/** The partner's acceptURL / declineURL, configured with Chari (the sandbox's control API stands in). */
export interface PartnerRedirects {
  acceptURL?: string;
  declineURL?: string;
}

export interface Operation {
  id: number;
  transactionId: number;
  transactionReference: string;
  /** OperationType */
  type: number;
  /** OperationStatus (the main transaction's status is the same) */
  status: number;
  amount: bigint;
  fee: bigint;
  /** the wallet debited and the wallet credited, when the money moves between wallets of this sandbox */
  debit?: Account;
  credit?: Account;
  /** PrimaryAccountNumber / SecondaryAccountNumber of the webhooks */
  primary: string;
  secondary?: string;
  method?: string;
  createdAt: number;
  executedAt?: number;
  /** the caller's C-Request-Id, when it sent one */
  cRequestId?: string;
  gateway?: { trackId: string; orderId: string; referenceId: string };
  challenge?: CardChallenge;
  beneficiaryName?: string;
  /** a bank transfer's reference, or a cash request's numeric reference */
  reference?: string;
  /** refunded or charged back so far */
  reversed: bigint;
  /** the operation a refund or chargeback reverses */
  originalId?: number;
  /** a cash request's lifetime (sandbox clock, ms) */
  expiresAt?: number;
}

export interface Beneficiary {
  id: number;
  owner: string;
  name: string;
  phoneNumber: string | null;
  rib: string | null;
  email: string | null;
  createdAt: string;
}

export interface TokenizedCard {
  id: number;
  owner: string;
  pan: string;
  cardName: string | null;
}

export interface QrCode {
  merchant: string;
  amount?: bigint;
  reference?: string;
  paidBy?: number;
}

export interface ChariMoneyState {
  customers: Map<string, Customer>;
  agents: Map<string, Agent>;
  principal: Agent;
  operations: Map<number, Operation>;
  cashRequests: Map<string, Operation>;
  /** references still open and customers under KYC review: what time can change, kept apart so requests need not scan all */
  openCashRequests: Set<Operation>;
  underReview: Set<Customer>;
  beneficiaries: Map<number, Beneficiary>;
  cards: Map<number, TokenizedCard>;
  qrCodes: Map<string, QrCode>;
  partnerRedirects: PartnerRedirects;
  sequences: {
    operation: number;
    transaction: number;
    beneficiary: number;
    card: number;
    agent: number;
    rib: number;
    qr: number;
  };
}

export type ChariMoneyContext = SandboxContext<ChariMoneyState>;
export type ChariMoneyHandler = (ctx: ChariMoneyContext) => SandboxReply;

/** A fresh 24-digit RIB for a new wallet. */
export function nextRib(state: ChariMoneyState): string {
  state.sequences.rib += 1;
  return `007780${String(state.sequences.rib).padStart(18, '0')}`;
}

export function initialChariMoneyState(): ChariMoneyState {
  const { agent, account } = PRINCIPAL_AGENT_EXAMPLE;
  const principal: Agent = {
    code: String(agent.code),
    name: String(agent.name),
    phoneNumber: String(agent.phoneNumber),
    email: (agent.email as string | undefined) ?? null,
    createdAt: String(agent.createdAt),
    account: {
      number: String(account.accountNumber ?? agent.phoneNumber),
      rib: String(account.rib),
      balance: toMinorUnits(Number(account.balance), CURRENCY),
      level: Number(account.level),
      kind: 'principal-agent',
    },
  };
  return {
    customers: new Map(),
    agents: new Map(),
    principal,
    operations: new Map(),
    cashRequests: new Map(),
    openCashRequests: new Set(),
    underReview: new Set(),
    beneficiaries: new Map(),
    cards: new Map(),
    qrCodes: new Map(),
    partnerRedirects: {},
    sequences: { operation: 100000, transaction: 1400000, beneficiary: 300, card: 1000, agent: 0, rib: 0, qr: 0 },
  };
}
