import type { components } from '../../../../generated/chari-pay/schema.js';
import type { ChariPayTestCard } from './test-cards.js';

export type ChariPayPayment = components['schemas']['Payment'];
export type ChariPaySavedCard = components['schemas']['PaymentMethod'];

/** A payment as the API shows it, plus what only the sandbox knows about it. */
export interface StoredPayment {
  /** the wire object; replies and webhooks send copies of it */
  payment: ChariPayPayment;
  /** creation order, for newest-first listing and cursors */
  seq: number;
  /** the card behind the payment, which decides its outcome */
  testCard: ChariPayTestCard;
  /** a pending outcome that resolves on the clock: an abandoned 3DS challenge, an issuer that never answers */
  deadline?: { at: number; failureCode: string };
  /** the payment's own `webhook_url`, which receives its events instead of the URL registered in the dashboard */
  webhookUrl?: string;
  /** the payment's `return_url`, where the 3-D Secure page sends the customer back (the wire payment omits it) */
  returnUrl?: string;
  /** the cardholder disputed it (the guide defines no dispute status, so the payment's own status is unchanged) */
  disputed?: boolean;
}

/** What the Chari Pay sandbox remembers between requests. */
export interface ChariPayState {
  payments: Map<string, StoredPayment>;
  /** merchant references already used: a second payment with one is a double submission */
  paymentIdsByReference: Map<string, string>;
  /** cards saved on customer profiles, by `pm_` id, with the test card behind each */
  savedCards: Map<string, { card: ChariPaySavedCard; testCard: ChariPayTestCard }>;
  nextSeq: number;
  /** payments waiting on a deadline (3DS abandonment, a silent issuer), so time is settled without scanning them all */
  withDeadline: Set<StoredPayment>;
}

export function initialChariPayState(): ChariPayState {
  return {
    payments: new Map(),
    paymentIdsByReference: new Map(),
    savedCards: new Map(),
    nextSeq: 1,
    withDeadline: new Set(),
  };
}
