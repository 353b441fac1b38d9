import type { ComingSoon } from '../../../generated/chari-money/coming-soon.js';
import type { paths } from '../../../generated/chari-money/schema.js';
import spec from '../../../generated/chari-money/spec.js';
import { validators } from '../../../generated/chari-money/validators.js';
import {
  type CommonClientOptions,
  createPaymentClient,
  type PaymentClient,
  type ProviderDefinition,
} from '../../core/client.js';
import { requireCredential } from '../../core/credential-options.js';
import { asCode, asText, field } from '../../core/error-body.js';
import type { WithoutOperations } from '../../core/typed-paths.js';

export interface ChariMoneyClientOptions extends CommonClientOptions {
  /** Sent as `Chari-Api-Key` on every request. */
  apiKey: string;
}

/** The callable operations: the four documented as coming soon are left out. */
export type ChariMoneyPaths = WithoutOperations<paths, ComingSoon>;

/** Success bodies arrive as `{ data }`; the throwing style (`get`, `post`, …) returns what is inside. */
export type ChariMoneyClient = PaymentClient<ChariMoneyPaths, true>;

/** Chari Money's error body: `{ errorCode, errorDescription }`. */
export const chariMoney: ProviderDefinition = {
  slug: 'chari-money',
  spec,
  validators,
  parseError: (body) => ({ code: asCode(field(body, 'errorCode')), message: asText(field(body, 'errorDescription')) }),
};

/**
 * A typed Chari Money BaaS client. Every call carries a `C-Request-Id` (yours via `requestId`, or a new UUID),
 * exposed on the result as `requestId`. Coming-soon operations are refused before any request is sent.
 */
export function createChariMoneyClient(options: ChariMoneyClientOptions): ChariMoneyClient {
  return createPaymentClient<ChariMoneyPaths, true>(
    chariMoney,
    { ChariApiKey: requireCredential('chari-money', 'apiKey', options?.apiKey) },
    options,
  );
}
