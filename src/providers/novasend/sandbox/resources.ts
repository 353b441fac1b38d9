import { controlPageUrl } from '../../../core/sandbox/pages/page-url.js';
import type { SandboxResource } from '../../../core/sandbox/types.js';
import { payinView } from './payins.js';
import type { NovasendState } from './state.js';

/** Novasend: payins, as `GET /v1/payin/{reference}` shows them, each with the customer's phone simulator. */
export function novasendResources(state: NovasendState): SandboxResource[] {
  return [...state.payins.values()].map((payin) => ({
    kind: 'payins',
    id: payin.reference,
    createdAt: payin.createdAt,
    status: `${payin.status} (confirmation ${payin.confirmationStatus})`,
    summary: `${payin.amount} ${payin.currency} from ${payin.msisdn}, ${payin.customerReference}`,
    customerPage: controlPageUrl('', 'showNovasendPhoneConfirmation', { reference: payin.reference }),
    body: () => payinView(payin),
  }));
}
