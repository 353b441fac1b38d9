import type { paths } from '../../../generated/novasend/schema.js';
import spec from '../../../generated/novasend/spec.js';
import { validators } from '../../../generated/novasend/validators.js';
import {
  type CommonClientOptions,
  createPaymentClient,
  type PaymentClient,
  type ProviderDefinition,
} from '../../core/client.js';
import { requireCredential } from '../../core/credential-options.js';
import { asCode, asText, field } from '../../core/error-body.js';
import type { WithOptionalHeader } from '../../core/typed-paths.js';

export interface NovasendClientOptions extends CommonClientOptions {
  /** The `api_key` half of Basic auth. */
  apiKey: string;
  /** The `api_client` half of Basic auth. */
  apiClient: string;
}

/** X-Idempotency-Key is mandatory on the wire; the client generates one per call unless you pass `idempotencyKey`. */
export type NovasendPaths = WithOptionalHeader<paths, 'X-Idempotency-Key'>;
export type NovasendClient = PaymentClient<NovasendPaths>;

export const novasend: ProviderDefinition = {
  slug: 'novasend',
  spec,
  validators,
  parseError: (body) => ({ code: asCode(field(body, 'code')), message: asText(field(body, 'message')) }),
};

/** A typed Novasend payin client with Basic `base64(api_key:api_client)` auth. */
export function createNovasendClient(options: NovasendClientOptions): NovasendClient {
  return createPaymentClient<NovasendPaths>(
    novasend,
    {
      BasicAuth: {
        username: requireCredential('novasend', 'apiKey', options?.apiKey),
        password: requireCredential('novasend', 'apiClient', options.apiClient),
      },
    },
    options,
  );
}
