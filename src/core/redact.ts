/**
 * Secrets never reach logs, error messages, serialized errors or the sandbox's webhook log: API keys, Basic
 * credentials, bearer and session tokens, client and webhook secrets, signatures, card PANs (masked to first six and
 * last four) and CVVs, PINs and OTPs. Which names are secret is decided in `redact-names.ts`.
 */
import { isOtpFieldName, isOtpValue, isPanName, isSecretHeaderName, isSecretName } from './redact-names.js';

export const REDACTED = '[REDACTED]';

/**
 * A card number in text: 13–19 digits in one run, or grouped by single spaces or dashes (`4111 1111 1111 1111`,
 * `3782-822463-10005`). Only digits bound it, so one glued to a word (`pan_4111…`, `card4111…`) is found too. Not 12:
 * a Moroccan phone number with its country code (`212711111111`) has 12 digits, and 12-digit cards are rare.
 */
const PAN_IN_TEXT = /(?<!\d)(?:\d{13,19}|\d{4}(?:[ -]\d{4}){2}(?:[ -]\d{1,4}){1,2}|\d{4}[ -]\d{6}[ -]\d{5})(?!\d)/g;
/**
 * A card code, PIN or OTP after its name and up to six separators, wherever the name sits: `cvv 123`, `CardCvv:
 * 987`, `security code: 987`, echoed JSON `"cvv": "123"` or escaped `\"card_cvv\": \"123\"`, `PIN 1234`.
 */
const DIGIT_SECRET_IN_TEXT =
  /(cvv2?|cvc2?|csc|security[\s_-]?code|card[\s_-]?verification[\s_-]?(?:value|code)|(?<![a-z])pin|otp)(\W{0,6})(\d{3}-\d{3}|\d{3,8})(?!\d)/gi;
/**
 * `name: value` and `name=value` in text, as in a header line, a query string, a form body or echoed JSON. A name
 * starts where a word starts, so each position of a long text is tried once.
 */
const NAME_IN_TEXT = /(?<![\w.-])([A-Za-z][\w.-]{0,63})(\\?["']?\s{0,8}[:=]\s{0,8})/g;
/**
 * The value after a secret name: an array, an object, a quoted string (escaped quotes too, closed or not) or a bare
 * word up to a delimiter; long enough for a JWT, bounded so a hostile text costs linear time.
 */
const VALUE_AT =
  /\[[^\]]{0,4096}\]|\{[^}]{0,4096}\}|\\?"(?:[^"\\]|\\(?!")){0,4096}(?:\\?")?|'[^']{0,4096}'?|[^\s"'&,;?#)}\]]{1,4096}/y;
/** `Bearer <token>` and `Basic <base64>`: a token has a digit or a symbol, so "Bearer token missing" stays as it is. */
const AUTH_SCHEME_IN_TEXT = /\b(Bearer|Basic)(\s+)(?=[\w~+/=.-]{8,})(?=[A-Za-z]*[\d_~+/=-])[\w~+/=.-]+/gi;
/** `https://user:password@host`: the password part of a URL. */
const URL_PASSWORD = /(\b[a-z][a-z\d+.-]{0,31}:\/\/[^\s/:@]{1,256}:)[^\s/@]{1,1024}@/gi;

/** `4918914107195005` → `491891******5005`: first six and last four, as card networks allow. */
export function maskPan(pan: string): string {
  const digits = pan.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return REDACTED;
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

/** Masks every 13–19 digit run (or spaced/dashed group of them) that looks like a PAN inside free text. */
export function maskPansInText(text: string): string {
  return text.replace(PAN_IN_TEXT, (match) => maskPan(match));
}

/** Replaces the value after each secret name (and after `code` when it holds an OTP); other names cost nothing more. */
function redactNamedValues(text: string): string {
  // Shared, stateful regexes: safe because nothing here re-enters this function before it returns.
  const names = NAME_IN_TEXT;
  const values = VALUE_AT;
  names.lastIndex = 0;
  let out = '';
  let from = 0;
  for (let match = names.exec(text); match !== null; match = names.exec(text)) {
    const [whole, name = ''] = match;
    const secretName = isSecretName(name);
    if (!secretName && !isOtpFieldName(name)) continue;
    values.lastIndex = match.index + whole.length;
    const value = values.exec(text)?.[0];
    if (value === undefined) continue;
    const quote = /^\\?["']/.exec(value)?.[0] ?? '';
    const closed = quote !== '' && value.length > quote.length && value.endsWith(quote.slice(-1));
    const bare = value.slice(quote.length, closed ? -quote.length : undefined);
    if (bare === REDACTED || !(secretName || isOtpValue(name, bare))) continue;
    out += `${text.slice(from, match.index)}${whole}${quote}${REDACTED}${closed ? quote : ''}`;
    from = values.lastIndex;
    names.lastIndex = from;
  }
  return out + text.slice(from);
}

/** Free text with PANs masked, secrets after their names removed, and each of `extraSecrets` (credential values). */
export function redactText(text: string, extraSecrets: readonly string[] = []): string {
  let out = text
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(AUTH_SCHEME_IN_TEXT, `$1$2${REDACTED}`)
    .replace(PAN_IN_TEXT, (match) => maskPan(match))
    .replace(DIGIT_SECRET_IN_TEXT, `$1$2${REDACTED}`);
  out = redactNamedValues(out);
  for (const secret of extraSecrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

type HeaderInput = Headers | Record<string, string | readonly string[] | undefined>;

/**
 * Headers safe to show: secret ones (the five specs' credential and webhook headers, and any name that says secret,
 * token, key, signature, …) replaced, the others with PANs and named secrets removed from their values.
 */
export function redactHeaders(headers: HeaderInput, extraSecrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, raw] of entries) {
    if (raw === undefined) continue;
    const value = typeof raw === 'string' ? raw : raw.join(', ');
    out[name] = isSecretHeaderName(name) ? REDACTED : redactText(value, extraSecrets);
  }
  return out;
}

/** An identifier field's name: `id`, `payment_id`, `transactionId`, `OperationId`. */
const IDENTIFIER_NAME = /^(?:id|Id|ID|.+[_-](?:id|Id|ID)|.*[a-z](?:Id|ID))$/;

/**
 * A resource id under an identifier field (`"payment_id": "pay_5185122d0377447250123456"`): kept whole, since the
 * caller needs it to read the resource, although its hex may hold a run of 13+ digits that looks like a card number.
 * A value of digits alone is still checked as text, so a PAN under an `…_id` key is masked.
 */
function isResourceId(key: string, value: string): boolean {
  return IDENTIFIER_NAME.test(key) && /[A-Za-z]/.test(value) && /^[\w.:-]{1,128}$/.test(value);
}

/**
 * A deep copy with secret fields replaced (whatever their value: text, number, array or object), PANs masked and
 * free text scrubbed; safe to log or attach to an error. A cycle is cut where it closes.
 */
export function redactValue(value: unknown, extraSecrets: readonly string[] = []): unknown {
  const ancestors = new WeakSet<object>();
  const walk = (node: unknown, key?: string): unknown => {
    if (node === null || node === undefined || typeof node === 'boolean') return node;
    if (key !== undefined && (isSecretName(key) || isOtpValue(key, node))) return REDACTED;
    if (key !== undefined && isPanName(key)) {
      if (typeof node === 'string') return maskPan(node);
      if (typeof node === 'number' || typeof node === 'bigint') return REDACTED;
    }
    if (typeof node === 'string') {
      if (key !== undefined && isResourceId(key, node)) return extraSecrets.includes(node) ? REDACTED : node;
      return redactText(node, extraSecrets);
    }
    if (typeof node !== 'object') return node;
    if (ancestors.has(node)) return '[Circular]';
    ancestors.add(node);
    let out: unknown;
    // Array items keep their field's name, so `{ "pan": ["4111…"] }` is masked like `{ "pan": "4111…" }`.
    if (Array.isArray(node)) out = node.map((item) => walk(item, key));
    else {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) copy[redactText(k, extraSecrets)] = walk(v, k);
      out = copy;
    }
    ancestors.delete(node);
    return out;
  };
  return walk(value);
}
