import spec from '../../../../generated/chari-money/spec.js';
import type { JsonObject } from '../../../core/openapi-document.js';
import { SpecFacts } from '../../../core/spec-facts.js';

const facts = new SpecFacts('chari-money', spec);
const documented = <T>(pointer: string, extension?: string): T => facts.fact<T>(pointer, extension);

/** One entry of the spec's root `x-test-cards`. */
export interface ChariMoneyTestCard {
  number: string;
  outcome: string;
  cvv: string;
  expiry: string;
  threeDSecureCode: string;
  description: string;
}

/** Chari Money: "Test Credit Card (Sandbox) PAN 4918914107195005, CVV 123, 3DS code 555". */
export const TEST_CARDS = spec['x-test-cards'] as ChariMoneyTestCard[];

/** The OTP the sandbox accepts (root `x-test-otp`; the document names none). */
export const TEST_OTP = documented<{ code: string }>('#/x-test-otp').code;

/** Chari Money "Account Levels": the balance limit of levels 1-4 in MAD; the merchant level is negotiated (none). */
export const BALANCE_LIMITS_MAD = documented<Record<string, number>>(
  '#/components/schemas/AccountLevel',
  'x-balance-limits-mad',
);

/** Wrong PINs in a row that lock a wallet (LOCKED_TEMPORARY). */
export const PIN_MAX_ATTEMPTS = documented<number>(
  '#/components/schemas/CustomerLoginResult/properties/remainingAttempts',
  'x-max-attempts',
);

/** "Generates a unique reference that expires over time." */
export const CASH_REQUEST_LIFETIME_SECONDS = documented<number>(
  '#/components/schemas/CashRequest/properties/expiresAt',
  'x-expires-after-seconds',
);

/** How long an account upgrade stays under review before `customer.level.updated`. */
export const KYC_REVIEW_SECONDS = documented<{ seconds: number }>(
  '#/webhooks/customer.level.updated/post',
  'x-kyc-review',
).seconds;

/** Chari Money amounts are MAD: the card payment's `Currency` defaults to it. */
export const CURRENCY = documented<string>(
  '#/components/schemas/MerchantCardPaymentRequest/properties/Currency',
  'default',
) as 'MAD';

/** "User-Agent: Chari-BAAS-Webhook/1.0" on every delivery: the header's name and value. */
export const WEBHOOK_USER_AGENT = (({ name, example }) => ({ name: String(name), value: String(example) }))(
  documented<JsonObject>('#/components/parameters/WebhookUserAgent'),
);

/** `customer.level.updated` creates no operation (OperationId 0): the OperationType it carries instead, which is no type. */
export const LEVEL_UPDATE_OPERATION_TYPE = (() => {
  const parts = documented<JsonObject[]>('#/components/schemas/CustomerLevelUpdatedEvent/properties/data', 'allOf');
  const node = parts.map((p) => (p.properties as JsonObject | undefined)?.OperationType as JsonObject | undefined);
  const value = node.find((n) => n?.const !== undefined)?.const;
  if (typeof value !== 'number')
    throw new TypeError('chari-money spec: customer.level.updated has no OperationType const.');
  return value;
})();

/** The `PageSize` default ("Par défaut : 10"). */
export const DEFAULT_PAGE_SIZE = documented<number>('#/components/parameters/PageSize/schema', 'default');

/** Patterns whose violation has its own documented code: 20000 (phone number), 26005 (PIN). */
export const PHONE_NUMBER_PATTERN = documented<string>('#/components/schemas/PhoneNumber', 'pattern');
export const PIN_PATTERN = documented<string>('#/components/schemas/Pin', 'pattern');

/**
 * What the 3-D Secure redirect carries (`CardRedirectQuery`): its parameter names, and the values the sandbox sends,
 * the spec's examples in order (RESPONSE_CODE `0` then the failure value, REASON_CODE `SUCCESS` then `DECLINED`).
 */
export const CARD_REDIRECT = (() => {
  const properties = documented<Record<string, { examples?: string[] }>>(
    '#/components/schemas/CardRedirectQuery',
    'properties',
  );
  const [code, reason, operation] = Object.keys(properties) as [string, string, string];
  const values = (name: string) => properties[name]?.examples ?? [];
  const [passedCode, failedCode] = values(code);
  const [passedReason, failedReason] = values(reason);
  if (!passedCode || !failedCode || !passedReason || !failedReason || !values(operation)[0])
    throw new TypeError('chari-money spec: CardRedirectQuery lacks the success and failure examples; run the build.');
  return {
    names: { code, reason, operation },
    passed: { code: passedCode, reason: passedReason },
    failed: { code: failedCode, reason: failedReason },
    operation: String(values(operation)[0]),
  };
})();

/** A merchant payment by card's `AutoCapture` and `3dSecure` defaults. */
export const AUTO_CAPTURE_DEFAULT = documented<boolean>(
  '#/components/schemas/MerchantCardPaymentRequest/properties/AutoCapture',
  'default',
);
export const THREE_D_SECURE_DEFAULT = documented<boolean>(
  '#/components/schemas/MerchantCardPaymentRequest/properties/3dSecure',
  'default',
);

/** ShareID's SDK base URL, as the spec's example gives it. */
export const SHAREID_BASE_URL = documented<{ baseUrl: string }>(
  '#/components/schemas/ShareIdAuthResult',
  'example',
).baseUrl;

/** The network the simulation endpoints stand for, named as in the spec's example. */
export const SIMULATED_NETWORK_NAME = String(
  documented<string[]>('#/components/schemas/SimulateNetworkResult/properties/networkName', 'examples')[0],
);

/** The principal agent the partner holds, seeded from the spec's `getPrincipalAgent` example. */
export const PRINCIPAL_AGENT_EXAMPLE = documented<{ data: { agent: JsonObject; account: JsonObject } }>(
  '#/paths/~1api~1agents~1principal/get/responses/200/content/application~1json',
  'example',
).data;

/** The body of a 401, from the spec's `Unauthorized` example. */
export const UNAUTHORIZED_BODY = documented<{ value: { errorCode: number; errorDescription: string } }>(
  '#/components/responses/Unauthorized/content/application~1json/examples/InvalidApiKey',
).value;

/** Each documented error code's message (`ChariErrorCode` x-enum-descriptions). */
export const ERROR_MESSAGES: ReadonlyMap<number, string> = (() => {
  const schema = documented<JsonObject>('#/components/schemas/ChariErrorCode');
  const descriptions = schema['x-enum-descriptions'] as string[];
  return new Map((schema.enum as number[]).map((code, i) => [code, String(descriptions[i])]));
})();

/**
 * The HTTP status of each documented code. The document maps none; the spec's shared error responses list the codes
 * they carry as examples, and the operations say under which status each response is used.
 */
export const ERROR_STATUS: ReadonlyMap<number, number> = (() => {
  const statusOfResponse = new Map<string, number>();
  for (const item of Object.values(spec.paths as Record<string, Record<string, JsonObject>>)) {
    for (const op of Object.values(item)) {
      for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, JsonObject>)) {
        if (typeof response.$ref === 'string') statusOfResponse.set(response.$ref, Number(status));
      }
    }
  }
  const out = new Map<number, number>();
  for (const [ref, status] of statusOfResponse) {
    const media = (documented<JsonObject>(ref).content as JsonObject | undefined)?.['application/json'] as
      | JsonObject
      | undefined;
    for (const example of Object.values((media?.examples ?? {}) as Record<string, { value: { errorCode: number } }>)) {
      if (ERROR_MESSAGES.has(example.value.errorCode)) out.set(example.value.errorCode, status);
    }
  }
  return out;
})();
