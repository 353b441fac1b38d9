import type { RequestOverrides } from './base-request.js';
import { PROVIDER_ARTIFACTS } from './provider-artifacts.js';
import type { SeedContext, SeededFixture } from './sandbox-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: the root x- extensions the seed reads are untyped spec JSON
const spec = PROVIDER_ARTIFACTS['chari-money'].spec as Record<string, any>;
/** The documented sandbox test card and OTP (root `x-test-cards`, `x-test-otp`). */
const TEST_CARD = spec['x-test-cards'][0] as { number: string; cvv: string; threeDSecureCode: string };
const TEST_OTP = spec['x-test-otp'].code as string;
/** "expiry 08/26 or any future date", as YYMM: December next year. */
const FUTURE_EXPIRY = `${String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0')}12`;

const IDENTITY_FIELDS = [
  'phoneNumber',
  'PhoneNumber',
  'CustomerPhoneNumber',
  'RecipientPhoneNumber',
  'SourcePhoneNumber',
  'DestinationPhoneNumber',
  'OriginalOperationId',
  'OperationId',
  'OrderId',
  'TransactionTrackId',
  'Reference',
  'reference',
  'Code',
  'QrCodeContent',
  'Pan',
  'Cvv',
  'ExpiryDate',
  'code',
  'oldPin',
  'walletType',
];

/**
 * Chari Money: the wallets the spec's examples name (a consumer, a payer, a recipient, a merchant), onboarded and
 * funded within their level-1 limits; a retail agent with a float; saved cards, a transfer to charge back, a merchant
 * payment to refund, cash references, beneficiaries and a dynamic QR code. Operations that would use up a seeded
 * resource (registration, confirmation, PIN creation, unregistration, cash references) get one of their own, so
 * every example request is accepted once, in spec order, against this state.
 */
export async function seedChariMoney({ call, example, control }: SeedContext): Promise<Partial<SeededFixture>> {
  const consumer: string = example('registerCustomer').phoneNumber;
  const payer: string = example('previewTransfer').CustomerPhoneNumber;
  const recipient: string = example('previewTransfer').RecipientPhoneNumber;
  const merchant: string = example('previewMerchantPaymentByPhone').RecipientPhoneNumber;
  let freshCount = 0;
  const fresh = () => `+2126000${String(++freshCount).padStart(5, '0')}`;

  const register = (phoneNumber: string, walletType = 'P') =>
    call('registerCustomer', { body: { ...example('registerCustomer'), phoneNumber, walletType } });
  const confirm = (phoneNumber: string, walletType = 'P') =>
    call('confirmCustomerRegistration', {
      body: { ...example('confirmCustomerRegistration'), phoneNumber, code: TEST_OTP, walletType },
    });
  const onboard = async (phoneNumber: string, walletType = 'P') => {
    await register(phoneNumber, walletType);
    await confirm(phoneNumber, walletType);
    await call('createCustomerPin', { body: { phoneNumber, pin: example('loginCustomer').pin } });
  };
  const card = (body: Record<string, unknown>) => ({
    ...body,
    Pan: TEST_CARD.number,
    Cvv: TEST_CARD.cvv,
    ExpiryDate: FUTURE_EXPIRY,
  });
  const passThreeDSecure = async (reply: { data: { operationId: number } }) => {
    await control.completeChariMoneyThreeDSecure(reply.data.operationId, TEST_CARD.threeDSecureCode);
    return reply.data.operationId;
  };
  const fund = (phoneNumber: string, Amount: number) =>
    call('executeCardCashIn', {
      query: { PhoneNumber: phoneNumber },
      body: card({ ...example('executeCardCashIn'), Amount, KeepAlive: true }),
    }).then(passThreeDSecure);
  const savedCardOf = async (PhoneNumber: string) =>
    (await call('listTokenizedCards', { query: { PhoneNumber } })).data.collection[0].customerBankCardId as number;

  for (const phone of [consumer, payer, recipient]) await onboard(phone);
  await onboard(merchant, 'C');
  const [unregistered, pinless, unconfirmed, awaitingOtp] = [fresh(), fresh(), fresh(), fresh()];
  await onboard(unregistered);
  await register(pinless);
  await confirm(pinless);
  await register(unconfirmed);
  await register(awaitingOtp);

  const consumerFunding = await fund(consumer, 500);
  await fund(payer, 600);
  await fund(recipient, 400);
  await call('executeMerchantCardPayment', {
    query: { PhoneNumber: merchant },
    body: card({ ...example('executeMerchantCardPayment'), Amount: 100, KeepAlive: true }),
  }).then(passThreeDSecure);
  const [consumerCard, payerCard, merchantCard] = [
    await savedCardOf(consumer),
    await savedCardOf(payer),
    await savedCardOf(merchant),
  ];

  const agent = (await call('createRetailAgent', { body: { ...example('createRetailAgent'), PhoneNumber: fresh() } }))
    .data.code as string;
  await call('executeAgentCardCashIn', {
    query: { agent },
    body: card({ ...example('executeAgentCardCashIn'), Amount: 1000 }),
  }).then(passThreeDSecure);

  // A transfer recipient → payer, which the chargeback example (source payer, destination recipient) reverses.
  const transfer = (
    await call('executeTransfer', {
      body: { ...example('executeTransfer'), CustomerPhoneNumber: recipient, RecipientPhoneNumber: payer, Amount: 200 },
    })
  ).data;
  // A wallet payment payer → merchant, which the refund example reverses.
  const payment = (await call('executeMerchantPaymentByPhone', { body: example('executeMerchantPaymentByPhone') }))
    .data;
  const cashReference = async (operation: 'requestCashIn' | 'requestCashOut') =>
    (await call(operation, { body: example(operation) })).data.reference as string;
  const [cashIn, networkCashIn, cashOut, networkCashOut] = [
    await cashReference('requestCashIn'),
    await cashReference('requestCashIn'),
    await cashReference('requestCashOut'),
    await cashReference('requestCashOut'),
  ];
  const beneficiary = async () =>
    (
      await call('createBeneficiary', {
        query: { PhoneNumber: consumer },
        body: { ...example('createBeneficiary'), PhoneNumber: fresh() },
      })
    ).data.id as number;
  const [toUpdate, toDelete] = [await beneficiary(), await beneficiary()];
  const qrCode = (
    await call('generateDynamicQrCode', {
      query: { PhoneNumber: merchant },
      body: { ...example('generateDynamicQrCode'), Amount: example('executeMerchantPaymentByQrCode').Amount },
    })
  ).data;

  const withBody = (operationId: string, fields: Record<string, unknown>): RequestOverrides => ({
    body: { ...example(operationId), ...fields },
  });
  const qrPayment = { QrCodeContent: qrCode.qrCodeContent };
  const overrides: Record<string, RequestOverrides> = {
    registerCustomer: withBody('registerCustomer', { phoneNumber: fresh() }),
    confirmCustomerRegistration: withBody('confirmCustomerRegistration', { phoneNumber: unconfirmed, code: TEST_OTP }),
    resendRegistrationOtp: { query: { phoneNumber: awaitingOtp } },
    createCustomerPin: withBody('createCustomerPin', { phoneNumber: pinless }),
    unregisterCustomer: withBody('unregisterCustomer', { PhoneNumber: unregistered }),
    uploadMerchantKycDocuments: { query: { PhoneNumber: merchant } },
    executeCardCashIn: { body: card(example('executeCardCashIn')) },
    executeCardCashInWithSavedCard: { path: { cardId: String(payerCard) } },
    previewAgentCardCashIn: { query: { code: agent } },
    executeAgentCardCashIn: { query: { agent }, body: card(example('executeAgentCardCashIn')) },
    // The example's 1 500 MAD is over a level-1 wallet's 1 000 MAD limit.
    previewBankTransfer: withBody('previewBankTransfer', { Amount: 100 }),
    executeBankTransfer: withBody('executeBankTransfer', { Amount: 100 }),
    previewMerchantPaymentByQrCode: withBody('previewMerchantPaymentByQrCode', qrPayment),
    executeMerchantPaymentByQrCode: withBody('executeMerchantPaymentByQrCode', qrPayment),
    executeMerchantCardPayment: { body: card(example('executeMerchantCardPayment')) },
    executeMerchantTokenizedCardPayment: { path: { cardId: String(merchantCard) } },
    previewChargeback: withBody('previewChargeback', { OriginalOperationId: transfer.operationId }),
    executeChargeback: withBody('executeChargeback', { OriginalOperationId: transfer.operationId }),
    previewRefund: withBody('previewRefund', { OperationId: payment.operationId }),
    executeRefund: withBody('executeRefund', { OperationId: payment.operationId }),
    getCashInRequest: { query: { Reference: cashIn } },
    getCashOutRequest: { query: { Reference: cashOut } },
    executeCashInByReference: withBody('executeCashInByReference', { Code: agent, Reference: cashIn }),
    executeCashOutByReference: withBody('executeCashOutByReference', { Code: agent, Reference: cashOut }),
    simulateNetworkCashIn: withBody('simulateNetworkCashIn', { reference: networkCashIn }),
    simulateNetworkCashOut: withBody('simulateNetworkCashOut', { reference: networkCashOut }),
    getOperation: { path: { id: String(consumerFunding) } },
    updateBeneficiary: {
      path: { id: String(toUpdate) },
      body: { ...example('updateBeneficiary'), PhoneNumber: fresh() },
    },
    deleteBeneficiary: { path: { id: String(toDelete) } },
    getTokenizedCard: { path: { id: String(consumerCard) } },
    getRetailAgent: { path: { code: agent } },
  };
  return {
    overrides,
    resourceParams: {
      executeCardCashInWithSavedCard: ['cardId'],
      executeMerchantTokenizedCardPayment: ['cardId'],
      getOperation: ['id'],
      updateBeneficiary: ['id'],
      deleteBeneficiary: ['id'],
      getTokenizedCard: ['id'],
      getRetailAgent: ['code'],
    },
    // Fields that name a seeded wallet, operation, reference or card stay as seeded, so varied requests still reach them.
    pinned: Object.fromEntries(
      PROVIDER_ARTIFACTS['chari-money'].operations.map((op) => [op.operationId, IDENTITY_FIELDS]),
    ),
  };
}
