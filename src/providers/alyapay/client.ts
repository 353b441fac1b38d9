import type { paths } from '../../../generated/alyapay/schema.js';
import spec from '../../../generated/alyapay/spec.js';
import { validators } from '../../../generated/alyapay/validators.js';
import {
  type CommonClientOptions,
  createPaymentClient,
  type PaymentClient,
  type ProviderDefinition,
} from '../../core/client.js';
import { optionalCredential, requireCredential } from '../../core/credential-options.js';
import { asCode, asText, field } from '../../core/error-body.js';

export interface AlyaPayClientOptions extends CommonClientOptions {
  /** Your secret key, sent as `X-API-Key` when creating sessions. */
  apiKey: string;
  /** A `session_token` from createSession, sent as `X-Session-Token` when verifying a transaction. */
  sessionToken?: string;
}

export type AlyaPayClient = PaymentClient<paths>;

/** AlyaPay's error body: `{ error: "INVALID_AMOUNT", message }`. */
export const alyapay: ProviderDefinition = {
  slug: 'alyapay',
  spec,
  validators,
  parseError: (body) => ({ code: asCode(field(body, 'error')), message: asText(field(body, 'message')) }),
};

/**
 * A typed AlyaPay client. Pass `sessionToken` here, or per call as `headers: { 'X-Session-Token': token }`
 * (the token of the session whose transaction you verify).
 */
export function createAlyaPayClient(options: AlyaPayClientOptions): AlyaPayClient {
  return createPaymentClient<paths>(
    alyapay,
    {
      ApiKeyAuth: requireCredential('alyapay', 'apiKey', options?.apiKey),
      SessionTokenAuth: optionalCredential('alyapay', 'sessionToken', options.sessionToken),
    },
    options,
  );
}
