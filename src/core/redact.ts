/**
 * Secrets never reach logs, error messages or serialized errors: API keys, Basic credentials, bearer and
 * session tokens, webhook secrets and signatures, card PANs and CVVs, PINs and OTPs.
 */

const SECRET_HEADER =
  /^(authorization|proxy-authorization|x-api-key|chari-api-key|x-session-token|x-webhook-signature|cookie|set-cookie)$/i;
const SECRET_KEY =
  /^(cvv|cvc|cvv2|card_?cvv|pin|new_?pin|old_?pin|otp|password|secret|client_?secret|api_?key|apikey|session_?token|token|access_?token|webhook_?secret|authorization)$/i;
const PAN_KEY = /^(pan|card_?number|number|cardnumber|primary_?account_?number)$/i;
const PAN_PATTERN = /\b(\d{6})\d{3,9}(\d{4})\b/g;
/**
 * `cvv 123`, `CVC: 4567` inside free text, as an error message may echo them; also echoed JSON (`"cvv": "123"`,
 * escaped `\"card_cvv\": \"123\"`), hence up to six separators and a name that may follow `_`.
 */
const CVV_IN_TEXT = /(?<![A-Za-z0-9])(cvv2?|cvc2?|csc)(\W{0,6})\d{3,4}\b/gi;
export const REDACTED = '[REDACTED]';

/** `4918914107195005` → `491891******5005`: first six and last four, as card networks allow. */
export function maskPan(pan: string): string {
  const digits = pan.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return REDACTED;
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

/** Masks every 12–19 digit run that looks like a PAN inside free text. */
export function maskPansInText(text: string): string {
  return text.replace(PAN_PATTERN, (match) => maskPan(match));
}

export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) out[name] = SECRET_HEADER.test(name) ? REDACTED : maskPansInText(value);
  return out;
}

/** Free text with PANs masked, CVVs removed and each of `extraSecrets` (credential values) replaced. */
export function redactText(text: string, extraSecrets: readonly string[] = []): string {
  let out = maskPansInText(text).replace(CVV_IN_TEXT, `$1$2${REDACTED}`);
  for (const secret of extraSecrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/** A deep copy with secret fields replaced and PANs masked; safe to log or attach to an error. */
export function redactValue(value: unknown, extraSecrets: readonly string[] = []): unknown {
  const scrubText = (text: string) => redactText(text, extraSecrets);
  const walk = (node: unknown, key?: string): unknown => {
    if (typeof node === 'string') {
      if (key && SECRET_KEY.test(key)) return REDACTED;
      if (key && PAN_KEY.test(key)) return maskPan(node);
      return scrubText(node);
    }
    if (typeof node === 'number' && key && (SECRET_KEY.test(key) || PAN_KEY.test(key))) return REDACTED;
    if (Array.isArray(node)) return node.map((n) => walk(n));
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, k);
      return out;
    }
    return node;
  };
  return walk(value);
}
