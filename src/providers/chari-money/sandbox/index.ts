import { parameterValidators } from '../../../../generated/chari-money/parameter-validators.js';
import spec from '../../../../generated/chari-money/spec.js';
import { validators } from '../../../../generated/chari-money/validators.js';
import type { SandboxDefinition } from '../../../core/sandbox/types.js';
import { createRetailAgent, getPrincipalAgent, getRetailAgent, listRetailAgents } from './agents.js';
import { createBeneficiary, deleteBeneficiary, listBeneficiaries, updateBeneficiary } from './beneficiaries.js';
import { setPartnerRedirectUrls, showThreeDSecurePage, submitThreeDSecurePage } from './card-3ds-page.js';
import {
  completeThreeDSecure,
  executeAgentCardCashIn,
  executeCardCashIn,
  executeCardCashInWithSavedCard,
  executeMerchantCardPayment,
  executeMerchantTokenizedCardPayment,
  previewAgentCardCashIn,
  previewCardCashIn,
  previewMerchantCardPayment,
} from './cards-3ds.js';
import {
  executeCashInByReference,
  executeCashOutByReference,
  expireCashRequests,
  getCashInRequest,
  getCashOutRequest,
  requestCashIn,
  requestCashOut,
  simulateNetworkCashIn,
  simulateNetworkCashOut,
} from './cash-requests.js';
import {
  confirmCustomerRegistration,
  createCustomerPin,
  getCustomerBalance,
  getCustomerDefaultWalletStatus,
  getCustomerInfo,
  getCustomerStatus,
  getShareIdKycToken,
  loginCustomer,
  registerCustomer,
  requestCustomerUpgrade,
  resendRegistrationOtp,
  settleReviews,
  unregisterCustomer,
  updateCustomerPin,
  uploadMerchantKycDocuments,
} from './customers.js';
import {
  guarded,
  invalidRequestReply,
  rateLimitedReply,
  routeNotFoundReply,
  sandboxFaultReply,
  unauthorizedReply,
} from './errors.js';
import {
  executeMerchantPaymentByPhone,
  executeMerchantPaymentByQrCode,
  generateDynamicQrCode,
  generateStaticQrCode,
  previewMerchantPaymentByPhone,
  previewMerchantPaymentByQrCode,
} from './merchant-payments.js';
import { getOperation, listCustomerOperations, listPartnerOperations } from './operations.js';
import { chariMoneyResources } from './resources.js';
import { executeChargeback, executeRefund, previewChargeback, previewRefund } from './reversals.js';
import { type ChariMoneyHandler, type ChariMoneyState, initialChariMoneyState } from './state.js';
import { getTokenizedCard, listTokenizedCards } from './tokenized-cards.js';
import { executeBankTransfer, executeTransfer, previewBankTransfer, previewTransfer } from './transfers.js';
import { signChariMoneyDelivery } from './webhook-events.js';

const handlers: Record<string, ChariMoneyHandler> = {
  getCustomerStatus,
  getCustomerDefaultWalletStatus,
  registerCustomer,
  confirmCustomerRegistration,
  resendRegistrationOtp,
  loginCustomer,
  createCustomerPin,
  updateCustomerPin,
  getCustomerBalance,
  getCustomerInfo,
  unregisterCustomer,
  getShareIdKycToken,
  requestCustomerUpgrade,
  uploadMerchantKycDocuments,
  previewCardCashIn,
  executeCardCashIn,
  executeCardCashInWithSavedCard,
  previewAgentCardCashIn,
  executeAgentCardCashIn,
  previewTransfer,
  executeTransfer,
  previewBankTransfer,
  executeBankTransfer,
  previewMerchantPaymentByPhone,
  executeMerchantPaymentByPhone,
  previewMerchantPaymentByQrCode,
  executeMerchantPaymentByQrCode,
  previewMerchantCardPayment,
  executeMerchantCardPayment,
  executeMerchantTokenizedCardPayment,
  generateStaticQrCode,
  generateDynamicQrCode,
  previewChargeback,
  executeChargeback,
  previewRefund,
  executeRefund,
  requestCashIn,
  getCashInRequest,
  requestCashOut,
  getCashOutRequest,
  executeCashInByReference,
  executeCashOutByReference,
  simulateNetworkCashIn,
  simulateNetworkCashOut,
  listCustomerOperations,
  getOperation,
  listPartnerOperations,
  listBeneficiaries,
  createBeneficiary,
  updateBeneficiary,
  deleteBeneficiary,
  listTokenizedCards,
  getTokenizedCard,
  listRetailAgents,
  createRetailAgent,
  getRetailAgent,
  getPrincipalAgent,
};

/** The header a security scheme of the spec is sent in (`Chari-Api-Key`). */
function securityHeader(scheme: string): string {
  const components = spec.components as { securitySchemes?: Record<string, { name?: string }> } | undefined;
  const schemes = components?.securitySchemes ?? {};
  return schemes[scheme]?.name ?? scheme;
}

/** Time-driven changes (KYC reviews ending, cash references expiring) are applied before each request reads the state. */
const onSandboxTime = (handler: ChariMoneyHandler): ChariMoneyHandler =>
  guarded((ctx) => {
    settleReviews(ctx);
    expireCashRequests(ctx);
    return handler(ctx);
  });

/**
 * Chari Money BaaS: the wallet lifecycle (OTP, PIN, lockout, KYC upgrades), an in-memory ledger whose balances move
 * with every operation within the account-level limits, preview/execute pairs, card operations behind 3-D Secure,
 * reference-based cash requests, beneficiaries, saved cards, agents and the ten webhooks with `X-Api-Key`.
 * "Coming Soon" operations answer 404 (the framework never routes them).
 */
export const chariMoneySandbox: SandboxDefinition<ChariMoneyState> = {
  slug: 'chari-money',
  spec,
  validators,
  parameterValidators,
  initialState: initialChariMoneyState,
  errors: {
    invalidRequest: (message, _op, problem, problems) =>
      invalidRequestReply(message, problems ?? (problem ? [problem] : [])),
    unauthorized: (scheme, _op, reason) => unauthorizedReply(securityHeader(scheme), reason),
    rateLimited: (_op, retryAfterSeconds) => rateLimitedReply(retryAfterSeconds),
    sandboxFault: (_op, message) => sandboxFaultReply(message),
    routeNotFound: (method, path) => routeNotFoundReply(method, path),
  },
  signWebhook: signChariMoneyDelivery,
  // Chari always sends X-Api-Key and C-Webhook-Id, so a sandbox started without a secret still has one to send.
  handlers: Object.fromEntries(
    Object.entries(handlers).map(([operationId, handler]) => [operationId, onSandboxTime(handler)]),
  ),
  control: [completeThreeDSecure, showThreeDSecurePage, submitThreeDSecurePage, setPartnerRedirectUrls],
  resources: chariMoneyResources,
};
