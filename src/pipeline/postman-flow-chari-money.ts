import { asNumber, type Flow, type FlowFacts, type FlowStep, ref } from './postman-flow.js';

const customer = ref('customerPhone');
const recipient = ref('recipientPhone');
const merchant = ref('merchantPhone');

/** The customer's part of a 3-D Secure challenge: the test card's code entered on the bank page. */
function threeDSecure(operationVariable: string, whose: string): FlowStep {
  return {
    op: 'completeChariMoneyThreeDSecure',
    control: true,
    name: `Enter the 3-D Secure code (${whose})`,
    path: { id: ref(operationVariable) },
    body: { code: ref('threeDSecureCode') },
  };
}

/** Registration of a wallet: register, then confirm with the sandbox OTP. */
function onboarding(phone: string, walletType: 'P' | 'C', who: string): FlowStep[] {
  return [
    {
      op: 'registerCustomer',
      name: `Register ${who}`,
      body: { phoneNumber: phone, walletType, ...(walletType === 'C' ? { firstName: 'Boutique' } : {}) },
    },
    {
      op: 'confirmCustomerRegistration',
      name: `Confirm ${who} with the OTP`,
      body: { phoneNumber: phone, code: ref('testOtp'), walletType, autoActivate: true },
    },
  ];
}

function customerSteps(facts: FlowFacts): FlowStep[] {
  const reviewSeconds = facts.pointer('#/webhooks/customer.level.updated/post/x-kyc-review/seconds');
  const phone = { phoneNumber: customer };
  return [
    {
      op: 'resetSandbox',
      control: true,
      name: 'Start from an empty sandbox',
      note: "The flow registers the spec's example phone numbers and agent, so a second run needs them unregistered.",
    },
    { op: 'getCustomerStatus', query: { PhoneNumber: customer } },
    { op: 'registerCustomer', body: { ...phone, walletType: 'P' } },
    { op: 'resendRegistrationOtp', query: phone },
    { op: 'confirmCustomerRegistration', body: { ...phone, code: ref('testOtp'), walletType: 'P' } },
    { op: 'getCustomerDefaultWalletStatus', query: phone },
    { op: 'createCustomerPin', body: { ...phone, pin: ref('pin') } },
    { op: 'loginCustomer', body: { ...phone, pin: ref('pin') } },
    { op: 'updateCustomerPin', body: { ...phone, oldPin: ref('pin'), newPin: ref('newPin') } },
    { op: 'getCustomerBalance', query: phone },
    { op: 'getShareIdKycToken', query: { PhoneNumber: customer } },
    { op: 'requestCustomerUpgrade', query: { PhoneNumber: customer } },
    ...onboarding(recipient, 'P', 'a second customer (the transfer recipient)'),
    ...onboarding(merchant, 'C', 'a merchant wallet'),
    { op: 'uploadMerchantKycDocuments', query: { PhoneNumber: merchant } },
    {
      op: 'advanceSandboxClock',
      control: true,
      name: 'Let the KYC reviews finish',
      body: { seconds: reviewSeconds },
      note: 'The upgrades asked for above take effect when their review ends.',
    },
    { op: 'getCustomerInfo', query: phone },
  ];
}

function cardSteps(): FlowStep[] {
  const card = { Pan: ref('cardPan'), Cvv: ref('cardCvv'), ExpiryDate: ref('cardExpiry') };
  const byPhone = { PhoneNumber: customer };
  return [
    { op: 'previewCardCashIn', query: byPhone, body: { Amount: 3000 } },
    {
      op: 'executeCardCashIn',
      query: byPhone,
      body: { ...card, Amount: 3000, KeepAlive: true },
      save: { cardCashInId: 'data.operationId' },
    },
    threeDSecure('cardCashInId', 'card cash-in'),
    { op: 'listTokenizedCards', query: byPhone, save: { cardId: 'data.collection.0.customerBankCardId' } },
    { op: 'getTokenizedCard', path: { id: ref('cardId') }, query: byPhone },
    {
      op: 'executeCardCashInWithSavedCard',
      path: { cardId: ref('cardId') },
      query: byPhone,
      body: { Cvv: ref('cardCvv') },
      save: { savedCardCashInId: 'data.operationId' },
    },
    threeDSecure('savedCardCashInId', 'saved-card cash-in'),
  ];
}

function agentSteps(): FlowStep[] {
  const principal = { Code: ref('principalAgentCode') };
  return [
    { op: 'getPrincipalAgent', query: principal },
    { op: 'createRetailAgent', save: { agentCode: 'data.code' } },
    { op: 'listRetailAgents', query: principal },
    { op: 'getRetailAgent', path: { code: ref('agentCode') } },
    { op: 'previewAgentCardCashIn', query: { code: ref('agentCode') } },
    {
      op: 'executeAgentCardCashIn',
      query: { agent: ref('agentCode') },
      body: { Pan: ref('cardPan'), Cvv: ref('cardCvv'), ExpiryDate: ref('cardExpiry') },
      save: { agentCashInId: 'data.operationId' },
    },
    threeDSecure('agentCashInId', "agent's card cash-in"),
  ];
}

function transferSteps(): FlowStep[] {
  const transfer = { CustomerPhoneNumber: customer, RecipientPhoneNumber: recipient };
  const pay = { CustomerPhoneNumber: customer, RecipientPhoneNumber: merchant };
  const qr = { CustomerPhoneNumber: customer, QrCodeContent: ref('qrCodeContent') };
  return [
    { op: 'previewTransfer', body: transfer },
    { op: 'executeTransfer', body: transfer },
    { op: 'previewBankTransfer', body: { CustomerPhoneNumber: customer } },
    { op: 'executeBankTransfer', body: { CustomerPhoneNumber: customer } },
    { op: 'previewMerchantPaymentByPhone', body: pay },
    { op: 'executeMerchantPaymentByPhone', body: pay, save: { walletPaymentId: 'data.operationId' } },
    { op: 'generateStaticQrCode', query: { PhoneNumber: merchant } },
    { op: 'generateDynamicQrCode', query: { PhoneNumber: merchant }, save: { qrCodeContent: 'data.qrCodeContent' } },
    { op: 'previewMerchantPaymentByQrCode', body: qr },
    { op: 'executeMerchantPaymentByQrCode', body: qr, save: { qrPaymentId: 'data.operationId' } },
  ];
}

function merchantCardSteps(): FlowStep[] {
  const byMerchant = { PhoneNumber: merchant };
  return [
    { op: 'previewMerchantCardPayment', query: byMerchant },
    {
      op: 'executeMerchantCardPayment',
      query: byMerchant,
      body: { Pan: ref('cardPan'), Cvv: ref('cardCvv'), ExpiryDate: ref('cardExpiry'), KeepAlive: true },
      save: { cardPaymentId: 'data.operationId' },
    },
    threeDSecure('cardPaymentId', 'card payment'),
    {
      op: 'listTokenizedCards',
      name: "List the merchant's tokenized cards",
      query: byMerchant,
      save: { merchantCardId: 'data.collection.0.customerBankCardId' },
    },
    {
      op: 'executeMerchantTokenizedCardPayment',
      path: { cardId: ref('merchantCardId') },
      query: byMerchant,
      body: { Cvv: ref('cardCvv') },
      save: { tokenizedPaymentId: 'data.operationId' },
    },
    threeDSecure('tokenizedPaymentId', 'tokenized-card payment'),
  ];
}

function reversalSteps(): FlowStep[] {
  const refund = { OperationId: asNumber('walletPaymentId') };
  const chargeback = {
    SourcePhoneNumber: merchant,
    DestinationPhoneNumber: customer,
    OriginalOperationId: asNumber('qrPaymentId'),
  };
  return [
    { op: 'previewRefund', body: { ...refund, PhoneNumber: customer } },
    { op: 'executeRefund', body: { ...refund, phoneNumber: customer } },
    { op: 'previewChargeback', body: chargeback },
    { op: 'executeChargeback', body: chargeback },
  ];
}

function cashRequestSteps(): FlowStep[] {
  const byAgent = (kind: 'In' | 'Out'): FlowStep[] => [
    { op: `requestCash${kind}`, body: { PhoneNumber: customer }, save: { [`cash${kind}Reference`]: 'data.reference' } },
    { op: `getCash${kind}Request`, query: { Reference: ref(`cash${kind}Reference`) } },
    {
      op: `executeCash${kind}ByReference`,
      body: { Code: ref('agentCode'), Reference: ref(`cash${kind}Reference`) },
    },
  ];
  const byNetwork = (kind: 'In' | 'Out'): FlowStep[] => [
    {
      op: `requestCash${kind}`,
      name: `Request a Cash${kind} to execute on the network`,
      body: { PhoneNumber: customer },
      save: { [`networkCash${kind}Reference`]: 'data.reference' },
    },
    { op: `simulateNetworkCash${kind}`, body: { reference: ref(`networkCash${kind}Reference`) } },
  ];
  return [...byAgent('In'), ...byNetwork('In'), ...byAgent('Out'), ...byNetwork('Out')];
}

function listingSteps(): FlowStep[] {
  const byPhone = { PhoneNumber: customer };
  const beneficiary = { id: ref('beneficiaryId') };
  return [
    { op: 'listCustomerOperations', query: byPhone },
    { op: 'getOperation', path: { id: ref('walletPaymentId') }, query: byPhone },
    { op: 'listPartnerOperations', query: byPhone },
    { op: 'createBeneficiary', query: byPhone, save: { beneficiaryId: 'data.id' } },
    { op: 'listBeneficiaries', query: byPhone },
    { op: 'updateBeneficiary', path: beneficiary, query: byPhone },
    { op: 'deleteBeneficiary', path: beneficiary, query: byPhone },
    { op: 'unregisterCustomer', name: 'Unregister the second customer', body: { PhoneNumber: recipient } },
  ];
}

/**
 * Chari Money: a customer is registered, confirmed with the sandbox OTP, given a PIN and upgraded; a second customer
 * and a merchant wallet are onboarded; money comes in by card (3-D Secure with the test card's code) and through an
 * agent, moves by transfer, bank transfer and merchant payments (phone, QR, card, saved card), is refunded and charged
 * back, and is cashed in and out by reference. Phones and facts are the spec's examples, OTP and test card.
 */
export function chariMoneyFlow(facts: FlowFacts): Flow {
  const card = facts.testCard('success');
  return {
    variables: {
      customerPhone: facts.requestExample('registerCustomer', 'phoneNumber'),
      recipientPhone: facts.requestExample('previewTransfer', 'RecipientPhoneNumber'),
      merchantPhone: facts.requestExample('previewMerchantPaymentByPhone', 'RecipientPhoneNumber'),
      pin: facts.requestExample('createCustomerPin', 'pin'),
      newPin: facts.requestExample('updateCustomerPin', 'newPin'),
      testOtp: String(facts.pointer('#/x-test-otp/code')),
      cardPan: String(card.number),
      cardCvv: String(card.cvv),
      cardExpiry: String(card.expiry),
      threeDSecureCode: String(card.threeDSecureCode),
      principalAgentCode: String(
        facts.pointer(
          '#/paths/~1api~1agents~1principal/get/responses/200/content/application~1json/example/data/agent/code',
        ),
      ),
    },
    steps: [
      ...customerSteps(facts),
      ...cardSteps(),
      ...agentSteps(),
      ...transferSteps(),
      ...merchantCardSteps(),
      ...reversalSteps(),
      ...cashRequestSteps(),
      ...listingSteps(),
    ],
  };
}
