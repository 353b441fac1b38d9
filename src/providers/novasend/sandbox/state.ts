import type { components } from '../../../../generated/novasend/schema.js';

type Payin = components['schemas']['Payin'];

/** A payin as the Novasend sandbox remembers it; replies are built from it by `payins.ts`. */
export interface NovasendPayin {
  /** the API's reference (`tr_…`), the `{reference}` of `GET /v1/payin/{reference}` */
  reference: string;
  /** the merchant's own `reference`, echoed back */
  customerReference: string;
  accountId: string;
  amount: number;
  fee: number;
  chargedAmount: number;
  msisdn: string;
  customerName: string;
  country: string;
  currency: string;
  paymentUrl: string;
  createdAt: number;
  status: Payin['status'];
  confirmationStatus: Payin['confirmationStatus'];
  /** Novasend: `null` until the customer has answered */
  transaction: components['schemas']['PayinTransaction'] | null;
  failure: components['schemas']['PayinFailure'] | null;
}

/** What the Novasend sandbox remembers between requests. */
export interface NovasendState {
  payins: Map<string, NovasendPayin>;
  /** the API reference of each merchant `reference` used so far: the document calls it unique */
  byCustomerReference: Map<string, string>;
}

export function initialNovasendState(): NovasendState {
  return { payins: new Map(), byCustomerReference: new Map() };
}
