import { AccountLevel, ChariErrorCode, CustomerStatus, DocumentType } from '../../../../generated/chari-money/enums.js';
import { randomUuid } from '../../../core/sandbox/random.js';
import { KYC_REVIEW_SECONDS, PIN_MAX_ATTEMPTS, SHAREID_BASE_URL, TEST_OTP } from './documented-facts.js';
import { fail, ok } from './errors.js';
import { mad, requestIdOf, requireActiveCustomer, requireCustomer } from './ledger.js';
import { type ChariMoneyContext, type ChariMoneyHandler, type Customer, nextRib } from './state.js';
import { emitLevelUpdated } from './webhook-events.js';

type Body = Record<string, unknown>;

/** Chari Money "Customer Registration": status → register (OTP) → confirm → PIN → active, then login, balance, info. */

export const getCustomerStatus: ChariMoneyHandler = ({ params, state }) =>
  ok(state.customers.get(String(params.query.PhoneNumber))?.status ?? CustomerStatus.NOT_EXISTS);

/** The Switch knows a wallet once its OTP is confirmed; a CloseLoop-only wallet never becomes the default there. */
export const getCustomerDefaultWalletStatus: ChariMoneyHandler = ({ params, state }) => {
  const customer = requireCustomer(state, params.query.phoneNumber);
  return ok(customer.status !== CustomerStatus.NOT_CONFIRMED && !customer.closeLoopOnly);
};

export const registerCustomer: ChariMoneyHandler = ({ body, state }) => {
  const { phoneNumber, firstName, lastName, cin, walletType, closeLoopOnly } = body as Body;
  const existing = state.customers.get(String(phoneNumber));
  if (existing?.status === CustomerStatus.NOT_CONFIRMED)
    fail(
      ChariErrorCode.REQUEST_PENDING_CONFIRMATION,
      `${existing.phoneNumber} already waits for its OTP; confirm it or resend it.`,
    );
  if (existing?.status === CustomerStatus.LOCKED_TEMPORARY || existing?.status === CustomerStatus.LOCKED)
    fail(ChariErrorCode.REGISTRATION_TEMPORARILY_LOCKED, `${existing.phoneNumber} is locked.`);
  if (existing)
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `${existing.phoneNumber} is already registered (status ${existing.status}).`,
    );
  const phone = String(phoneNumber);
  state.customers.set(phone, {
    phoneNumber: phone,
    firstName: String(firstName),
    lastName: String(lastName),
    cin: String(cin),
    walletType: walletType as 'P' | 'C',
    closeLoopOnly: closeLoopOnly === true,
    status: CustomerStatus.NOT_CONFIRMED,
    failedPinAttempts: 0,
    account: { number: phone, rib: nextRib(state), balance: 0n, level: AccountLevel.LEVEL_1, kind: 'customer' },
  });
  return ok(true, 202);
};

/** A registration waiting for its OTP, or 20017. */
function pendingRegistration(ctx: ChariMoneyContext, phoneNumber: unknown): Customer {
  const customer = ctx.state.customers.get(String(phoneNumber));
  if (customer?.status !== CustomerStatus.NOT_CONFIRMED)
    return fail(ChariErrorCode.NO_PENDING_REQUEST, `${String(phoneNumber)} has no registration waiting for an OTP.`);
  return customer;
}

export const confirmCustomerRegistration: ChariMoneyHandler = (ctx) => {
  const { phoneNumber, code, walletType, autoActivate } = ctx.body as Body;
  const customer = pendingRegistration(ctx, phoneNumber);
  if (walletType !== customer.walletType)
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `The wallet was registered with walletType ${customer.walletType}, not ${String(walletType)}.`,
    );
  if (code !== TEST_OTP)
    fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `The OTP is incorrect (the sandbox OTP is ${TEST_OTP}).`);
  customer.status = autoActivate === true ? CustomerStatus.ACTIVE : CustomerStatus.CONFIRMED;
  return ok(true);
};

export const resendRegistrationOtp: ChariMoneyHandler = (ctx) => {
  pendingRegistration(ctx, ctx.params.query.phoneNumber);
  return ok(true);
};

/** A wrong PIN costs an attempt; the last one locks the wallet. A locked wallet never logs in. */
export const loginCustomer: ChariMoneyHandler = ({ body, state }) => {
  const { phoneNumber, pin } = body as Body;
  const customer = requireCustomer(state, phoneNumber);
  if (customer.status === CustomerStatus.LOCKED_TEMPORARY || customer.status === CustomerStatus.LOCKED)
    return ok({ logged: false, remainingAttempts: 0 });
  if (customer.pin === undefined)
    fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `${customer.phoneNumber} has no PIN yet; create one first.`);
  if (pin === customer.pin) {
    customer.failedPinAttempts = 0;
    return ok({ logged: true, remainingAttempts: PIN_MAX_ATTEMPTS });
  }
  customer.failedPinAttempts += 1;
  const remainingAttempts = Math.max(0, PIN_MAX_ATTEMPTS - customer.failedPinAttempts);
  if (remainingAttempts === 0) customer.status = CustomerStatus.LOCKED_TEMPORARY;
  return ok({ logged: false, remainingAttempts });
};

export const createCustomerPin: ChariMoneyHandler = ({ body, state }) => {
  const { phoneNumber, pin } = body as Body;
  const customer = requireCustomer(state, phoneNumber);
  if (customer.pin !== undefined) fail(ChariErrorCode.PIN_ALREADY_SET, 'Change it with PUT /api/customers/pin.');
  if (customer.status === CustomerStatus.NOT_CONFIRMED)
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Confirm the OTP of ${customer.phoneNumber} before creating its PIN.`,
    );
  customer.pin = String(pin);
  if (customer.status === CustomerStatus.CONFIRMED) customer.status = CustomerStatus.ACTIVE;
  return ok(true);
};

export const updateCustomerPin: ChariMoneyHandler = ({ body, state }) => {
  const { phoneNumber, oldPin, newPin } = body as Body;
  const customer = requireCustomer(state, phoneNumber);
  if (customer.pin === undefined || oldPin !== customer.pin) fail(ChariErrorCode.INCORRECT_PIN);
  customer.pin = String(newPin);
  return ok(true);
};

export const getCustomerBalance: ChariMoneyHandler = ({ params, state }) =>
  ok({ balance: mad(requireCustomer(state, params.query.phoneNumber).account.balance) });

export const getCustomerInfo: ChariMoneyHandler = ({ params, state }) => {
  const c = requireCustomer(state, params.query.phoneNumber);
  return ok({
    accountLevel: c.account.level,
    customerStatus: c.status,
    rib: c.account.rib,
    phoneNumber: c.phoneNumber,
    firstName: c.firstName,
    lastName: c.lastName,
    cin: c.cin,
    walletType: c.walletType,
  });
};

/** The wallet is closed: its number is unknown again (status 0), its beneficiaries and saved cards go with it. */
export const unregisterCustomer: ChariMoneyHandler = ({ body, state }) => {
  const customer = requireCustomer(state, (body as Body).PhoneNumber);
  state.customers.delete(customer.phoneNumber);
  state.underReview.delete(customer);
  for (const [id, b] of state.beneficiaries) if (b.owner === customer.phoneNumber) state.beneficiaries.delete(id);
  for (const [id, c] of state.cards) if (c.owner === customer.phoneNumber) state.cards.delete(id);
  return ok(true);
};

export const getShareIdKycToken: ChariMoneyHandler = ({ params, state }) => {
  requireCustomer(state, params.query.PhoneNumber);
  const applicantId = randomUuid();
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const token = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ applicant_id: applicantId })}.${part({ sandbox: true })}`;
  return ok({ baseUrl: SHAREID_BASE_URL, applicant_id: applicantId, token });
};

/** Puts an upgrade under review; `customer.level.updated` follows when the review ends (`settleReviews`). */
function startReview(ctx: ChariMoneyContext, customer: Customer, level: number): void {
  if (customer.review)
    fail(
      ChariErrorCode.UPGRADE_ALREADY_UNDER_REVIEW,
      `Level ${customer.review.level} is being reviewed for ${customer.phoneNumber}.`,
    );
  customer.review = { level, dueAt: ctx.clock.now() + KYC_REVIEW_SECONDS * 1000, cRequestId: requestIdOf(ctx) };
  ctx.state.underReview.add(customer);
}

export const requestCustomerUpgrade: ChariMoneyHandler = (ctx) => {
  const customer = requireActiveCustomer(ctx.state, ctx.params.query.PhoneNumber);
  const level = Number(ctx.params.query.AccountLevel);
  if (customer.walletType === 'C')
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      'A merchant wallet is upgraded by uploading its KYC documents (POST /api/merchant/kyc/request).',
    );
  if (!customer.review && level <= customer.account.level)
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `${customer.phoneNumber} is already at level ${customer.account.level}.`,
    );
  startReview(ctx, customer, level);
  return ok(true);
};

/** Document types whose back image is required (DocumentType: IdentityCard, DrivingLicense, ResidencePermit). */
const TWO_SIDED = new Set<number>([
  DocumentType.IdentityCard,
  DocumentType.DrivingLicense,
  DocumentType.ResidencePermit,
]);

export const uploadMerchantKycDocuments: ChariMoneyHandler = (ctx) => {
  const merchant = requireActiveCustomer(ctx.state, ctx.params.query.PhoneNumber);
  if (merchant.walletType !== 'C')
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `${merchant.phoneNumber} is not a merchant wallet; consumers upgrade with POST /api/customers/upgrade/request.`,
    );
  const form = ctx.body as Body;
  // Further documents repeat the indexed fields; the schema checks the first one's DocBack rule, this checks them all.
  // The document writes the prefix both `KycDocuments[n]` and `kycDocuments[n]` (spec x-consistency).
  if (!Object.keys(form).some((name) => /^[Kk]ycDocuments\[0\]\.DocType$/.test(name)))
    fail(ChariErrorCode.MISSING_PARAMETERS, 'KycDocuments[0].DocType and KycDocuments[0].DocFront are required.');
  for (const [name, type] of Object.entries(form)) {
    const document = /^([Kk]ycDocuments\[\d+\])\.DocType$/.exec(name)?.[1];
    if (document === undefined) continue;
    if (form[`${document}.DocFront`] === undefined)
      fail(ChariErrorCode.MISSING_PARAMETERS, `${document}.DocFront is required.`);
    if (TWO_SIDED.has(Number(type)) && form[`${document}.DocBack`] === undefined)
      fail(ChariErrorCode.MISSING_PARAMETERS, `${document}.DocBack is required for document type ${String(type)}.`);
  }
  if (merchant.account.level === AccountLevel.MERCHANT && !merchant.review)
    fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `${merchant.phoneNumber} is already at the merchant level.`);
  startReview(ctx, merchant, AccountLevel.MERCHANT);
  return ok(true);
};

/** Ends the reviews whose time has come (on the sandbox clock): the level rises and `customer.level.updated` is sent. */
export function settleReviews(ctx: ChariMoneyContext): void {
  const now = ctx.clock.now();
  for (const customer of ctx.state.underReview) {
    const review = customer.review;
    if (!review) {
      ctx.state.underReview.delete(customer);
      continue;
    }
    if (review.dueAt > now) continue;
    ctx.state.underReview.delete(customer);
    customer.review = undefined;
    customer.account.level = review.level;
    emitLevelUpdated(
      ctx.webhooks,
      customer.phoneNumber,
      review.level,
      review.cRequestId,
      review.dueAt - KYC_REVIEW_SECONDS * 1000,
      now,
    );
  }
}
