import type { components } from '../../../../generated/haloubi-gateway/schema.js';

type Schemas = components['schemas'];

/** A payment as the API shows it, plus when an uncaptured authorization lapses. */
export type HaloubiPayment = Schemas['Payment'] & {
  captured_amount: number;
  refunded_amount: number;
  /** test-clock ms; set while the payment is an authorization that can still be captured */
  expiresAtMs?: number;
};

/** A payment intent (hosted checkout) as the API shows it to the merchant, with its secret. */
export type HaloubiPaymentIntent = Schemas['PaymentIntent'] & {
  client_secret: string;
  attempts: number;
  max_attempts: number;
  capture_method: Schemas['CaptureMethod'];
  expires_at: string;
  expiresAtMs: number;
};

/** Haloubi: a payment intent expires 1 hour after creation ("Payment intent expired (1 hour)"). */
export function lapseIntent(intent: HaloubiPaymentIntent, now: number): void {
  if (intent.status === 'created' && now >= intent.expiresAtMs) intent.status = 'expired';
}

export type HaloubiTransaction = Schemas['Transaction'];

/** What the Haloubi sandbox remembers between requests. */
export interface HaloubiState {
  payments: Map<string, HaloubiPayment>;
  intents: Map<string, HaloubiPaymentIntent>;
  /** in creation order; the list endpoint shows the newest first */
  transactions: HaloubiTransaction[];
  transactionsById: Map<string, HaloubiTransaction>;
}

export function initialHaloubiState(): HaloubiState {
  return { payments: new Map(), intents: new Map(), transactions: [], transactionsById: new Map() };
}
