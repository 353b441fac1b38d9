import type { paths } from '../../../generated/chari-pay/schema.js';
import spec from '../../../generated/chari-pay/spec.js';
import { validators } from '../../../generated/chari-pay/validators.js';
import {
  type CommonClientOptions,
  createPaymentClient,
  type PaymentClient,
  type ProviderDefinition,
} from '../../core/client.js';
import { requireCredential } from '../../core/credential-options.js';
import { asCode, asText, field } from '../../core/error-body.js';

export interface ChariPayClientOptions extends CommonClientOptions {
  /** The secret key, sent as `Authorization: Bearer …`. Never the public key. */
  secretKey: string;
}

export type ChariPayClient = PaymentClient<paths>;

/** Chari Pay's error body: `{ error: { type, code, message, param? } }`. */
export const chariPay: ProviderDefinition = {
  slug: 'chari-pay',
  spec,
  validators,
  parseError: (body) => ({
    code: asCode(field(body, 'error', 'code')) ?? asCode(field(body, 'error', 'type')),
    message: asText(field(body, 'error', 'message')),
  }),
};

/** A typed Chari Pay client with Bearer auth. */
export function createChariPayClient(options: ChariPayClientOptions): ChariPayClient {
  return createPaymentClient<paths>(
    chariPay,
    { SecretKey: requireCredential('chari-pay', 'secretKey', options?.secretKey) },
    options,
  );
}
