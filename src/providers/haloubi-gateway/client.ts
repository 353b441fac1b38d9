import type { paths } from '../../../generated/haloubi-gateway/schema.js';
import spec from '../../../generated/haloubi-gateway/spec.js';
import { validators } from '../../../generated/haloubi-gateway/validators.js';
import {
  type CommonClientOptions,
  createPaymentClient,
  type PaymentClient,
  type ProviderDefinition,
} from '../../core/client.js';
import { optionalCredential, requireCredential } from '../../core/credential-options.js';
import { asCode, asText, field } from '../../core/error-body.js';
import type { WithOptionalHeader } from '../../core/typed-paths.js';

export interface HaloubiGatewayClientOptions extends CommonClientOptions {
  /** Server-to-server API key. */
  apiKey: string;
  /** A payment intent's client secret, for the public confirm endpoint. */
  clientSecret?: string;
}

export type HaloubiGatewayPaths = WithOptionalHeader<paths, 'Idempotency-Key'>;
export type HaloubiGatewayClient = PaymentClient<HaloubiGatewayPaths>;

/** Haloubi's error body: `{ error: { type, code, message, decline_code? } }`. */
export const haloubiGateway: ProviderDefinition = {
  slug: 'haloubi-gateway',
  spec,
  validators,
  parseError: (body) => ({
    code: asCode(field(body, 'error', 'decline_code')) ?? asCode(field(body, 'error', 'code')),
    message: asText(field(body, 'error', 'message')),
  }),
};

/** A typed Haloubi gateway client; payment POSTs get an `Idempotency-Key` per call, reused across retries. */
export function createHaloubiGatewayClient(options: HaloubiGatewayClientOptions): HaloubiGatewayClient {
  return createPaymentClient<HaloubiGatewayPaths>(
    haloubiGateway,
    {
      ApiKeyAuth: requireCredential('haloubi-gateway', 'apiKey', options?.apiKey),
      ClientSecret: optionalCredential('haloubi-gateway', 'clientSecret', options.clientSecret),
    },
    options,
  );
}
