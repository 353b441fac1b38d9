import type { components } from '../../../../generated/chari-pay/schema.js';
import type { SandboxContext, SandboxReply } from '../../../core/sandbox/types.js';
import { invalidRequest } from './errors.js';
import type { ChariPayState } from './state.js';
import { displayedCard, TEST_CARDS, testTokensHint } from './test-cards.js';

/**
 * `POST /v1/customers/{id}/payment-methods`: saves a test token on a customer profile. The guide documents no way
 * to create customers, so a profile exists as soon as a card is saved on it. Only the last four digits and the
 * network are ever shown.
 */
export function attachPaymentMethod(ctx: SandboxContext<ChariPayState>): SandboxReply {
  const { payment_method: token } = ctx.body as components['schemas']['AttachPaymentMethodRequest'];
  const testCard = TEST_CARDS.get(token);
  if (!testCard)
    return invalidRequest(
      'resource_missing',
      `No such token: ${token}. In the sandbox, save a test token: ${testTokensHint()}.`,
      'payment_method',
    );
  const card: components['schemas']['PaymentMethod'] = {
    id: ctx.newId('pm_'),
    customer_id: String(ctx.params.path.id),
    ...displayedCard(testCard),
    created: ctx.clock.iso(),
  };
  ctx.state.savedCards.set(card.id, { card, testCard });
  return { status: 201, body: structuredClone(card) };
}
