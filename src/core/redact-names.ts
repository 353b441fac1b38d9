/**
 * Which names hold secrets: keys of a JSON body, header names, query parameters and `name: value` pairs in text.
 * Names are compared normalized (lower case, without `-`, `_`, `.` and spaces), so `X-Api-Key`, `api_key` and
 * `apiKey` are one name. Header names and OTP formats are read from the five bundled specs; the generic suffixes
 * catch the names no spec declares (`X-Client-Secret`, `refresh_token`, `private_key`).
 */
import alyapaySpec from '../../generated/alyapay/spec.js';
import chariMoneySpec from '../../generated/chari-money/spec.js';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiSpec from '../../generated/haloubi-gateway/spec.js';
import novasendSpec from '../../generated/novasend/spec.js';
import { secretHeaderNames } from './auth.js';
import type { JsonObject, OpenApiDocument } from './openapi-document.js';

const SPECS: readonly OpenApiDocument[] = [chariMoneySpec, chariPaySpec, haloubiSpec, alyapaySpec, novasendSpec];

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]/g, '');
}

/**
 * A name ending in one of these holds a secret, whatever comes first: `new_pin`, `card_cvc`, `X-Auth-Token`,
 * `webhook_secret`, `Proxy-Authorization`. `key` alone is not one (`Idempotency-Key`, `key` of a list filter).
 */
const SECRET_SUFFIXES = [
  'secret',
  'secretkey',
  'privatekey',
  'accesskey',
  'apikey',
  'password',
  'passwd',
  'passphrase',
  'token',
  'cvv',
  'cvv2',
  'cvc',
  'cvc2',
  'csc',
  'securitycode',
  'pin',
  'otp',
  'otpcode',
  'verificationcode',
  'authorization',
  'cookie',
  'signature',
  'credentials',
] as const;

/** Fields that hold a card number: masked to first six and last four rather than removed. */
const PAN_NAMES = new Set(['pan', 'cardnumber', 'number', 'primaryaccountnumber']);

/** Every secret header of the five specs (`Chari-Api-Key`, `X-Session-Token`, the webhook headers, …), normalized. */
const SPEC_SECRET_HEADERS = new Set(SPECS.flatMap((spec) => secretHeaderNames(spec).map(normalizeName)));

/**
 * One-time passwords by their documented format, read from each spec's component schemas named like an OTP (Chari
 * Money's `Otp`: `xxx-xxx`). Chari Money sends its OTP as `code`, a name its error bodies, agents and decline codes
 * share (`code: "card_declined"`, `AGT-000123`, `05`): a `code` is redacted only when its value has the OTP's
 * documented format, so the codes a support engineer needs stay readable in logs.
 */
const OTP_FORMATS: readonly RegExp[] = SPECS.flatMap((spec) => {
  const schemas = ((spec.components as JsonObject | undefined)?.schemas ?? {}) as Record<string, JsonObject>;
  return Object.entries(schemas)
    .filter(([name, schema]) => normalizeName(name).endsWith('otp') && typeof schema.pattern === 'string')
    .map(([, schema]) => new RegExp(String(schema.pattern)));
});
const OTP_FIELD_NAMES = new Set(['code']);

/** Verdicts by name as written: the same few names come back on every request and error. Bounded. */
const verdicts = new Map<string, boolean>();
const VERDICTS_KEPT = 4096;

export function isSecretName(name: string): boolean {
  const known = verdicts.get(name);
  if (known !== undefined) return known;
  const normalized = normalizeName(name);
  const secret = normalized.length > 0 && SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
  if (verdicts.size < VERDICTS_KEPT) verdicts.set(name, secret);
  return secret;
}

export function isSecretHeaderName(name: string): boolean {
  return SPEC_SECRET_HEADERS.has(normalizeName(name)) || isSecretName(name);
}

export function isPanName(name: string): boolean {
  return PAN_NAMES.has(normalizeName(name));
}

/** A name that holds an OTP when its value has an OTP's format (`code`). */
export function isOtpFieldName(name: string): boolean {
  return OTP_FIELD_NAMES.has(normalizeName(name));
}

/** A value under `code` (or another OTP field name) whose text has a documented OTP format. */
export function isOtpValue(name: string, value: unknown): boolean {
  if (!isOtpFieldName(name)) return false;
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value);
  return OTP_FORMATS.some((format) => format.test(text));
}
