/**
 * The shape of every `x-` extension the specs use, as documented in specs/README.md. Each entry takes the value and
 * the node that carries it, and returns what is wrong (or nothing). Inside an extension's objects, `x-inferred` and
 * `x-inferred-reason` are always allowed.
 */

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v) => JSON.stringify(v);

const int =
  (min = 0) =>
  (v) =>
    Number.isInteger(v) && v >= min ? undefined : `must be a whole number of at least ${min}, not ${show(v)}`;
const positive = (v) => (typeof v === 'number' && v > 0 ? undefined : `must be a number above 0, not ${show(v)}`);
const str = (v) =>
  typeof v === 'string' && v.trim() !== '' ? undefined : `must be a non-empty string, not ${show(v)}`;
const isTrue = (v) => (v === true ? undefined : `must be \`true\` (leave it out otherwise), not ${show(v)}`);
const oneOf =
  (...values) =>
  (v) =>
    values.includes(v) ? undefined : `must be one of ${values.join(' | ')}, not ${show(v)}`;
const status = (v) =>
  Number.isInteger(v) && v >= 100 && v <= 599 ? undefined : `must be an HTTP status, not ${show(v)}`;

const list =
  (item, min = 1) =>
  (v) => {
    if (!Array.isArray(v) || v.length < min) return `must be a list of at least ${min} item(s)`;
    for (const [i, x] of v.entries()) {
      const problem = item(x);
      if (problem) return `item ${i} ${problem}`;
    }
    return undefined;
  };

const INFERENCE_KEYS = new Set(['x-inferred', 'x-inferred-reason']);

/** An object with required and optional fields, nothing else. */
const obj =
  (required, optional = {}) =>
  (v) => {
    if (!isObject(v)) return `must be an object with ${Object.keys(required).join(', ')}`;
    for (const [key, check] of Object.entries(required)) {
      if (v[key] === undefined) return `needs \`${key}\``;
      const problem = check(v[key]);
      if (problem) return `\`${key}\` ${problem}`;
    }
    for (const [key, value] of Object.entries(v)) {
      if (key in required || INFERENCE_KEYS.has(key)) continue;
      if (!(key in optional))
        return `has \`${key}\`, which is not one of its fields (${[...Object.keys(required), ...Object.keys(optional)].join(', ')})`;
      const problem = optional[key](value);
      if (problem) return `\`${key}\` ${problem}`;
    }
    return undefined;
  };

/** A map whose values all have one shape. */
const mapOf = (value) => (v) => {
  if (!isObject(v) || Object.keys(v).length === 0) return 'must be a non-empty object';
  for (const [key, x] of Object.entries(v)) {
    const problem = value(x);
    if (problem) return `\`${key}\` ${problem}`;
  }
  return undefined;
};

const either =
  (...checks) =>
  (v) =>
    checks.some((check) => check(v) === undefined) ? undefined : checks[0](v);

/** One entry per value of the node's `enum` (or `x-extensible-enum`), in the same order. */
const perEnumValue = (item) => (v, node) => {
  const problem = list(item)(v);
  if (problem) return problem;
  const values = node.enum ?? node['x-extensible-enum'];
  if (!Array.isArray(values)) return 'goes on a schema with an `enum` (or `x-extensible-enum`)';
  return v.length === values.length ? undefined : `has ${v.length} entries for ${values.length} enum values`;
};

const PAGINATION = {
  page: obj({ style: str, pageParam: str, sizeParam: str, itemsField: str }, { totalField: str }),
  offset: obj({ style: str, limitParam: str, offsetParam: str, itemsField: str }, { maxLimit: int(1) }),
  cursor: obj({ style: str, cursorParam: str, itemsField: str }, { nextCursorField: str, hasMoreField: str }),
};

const SIGNATURE = {
  'hmac-sha256': obj(
    { scheme: str, header: str, encoding: oneOf('hex', 'base64'), signedPayload: str },
    { timestampHeader: str, toleranceSeconds: int(1) },
  ),
  'shared-secret-header': obj({ scheme: str, header: str }, { idHeader: str }),
  'none-documented': obj({ scheme: str }),
};

const byKind = (field, table) => (v) => {
  const check = isObject(v) ? table[v[field]] : undefined;
  return check ? check(v) : `\`${field}\` must be one of ${Object.keys(table).join(' | ')}`;
};

export const EXTENSION_SHAPES = {
  'x-inferred': isTrue,
  'x-inferred-reason': str,
  'x-verified': obj({
    date: (v) => (/^\d{4}-\d\d-\d\d$/.test(String(v)) ? undefined : 'must be a date, YYYY-MM-DD'),
    exchanges: int(1),
  }),
  'x-environment': oneOf('sandbox', 'production'),
  'x-error-schema': str,
  'x-envelope': oneOf('data'),
  'x-idempotency-key': isTrue,
  'x-idempotency-scope': oneOf('key', 'operation'),
  'x-idempotency-window-seconds': int(1),
  'x-request-id': isTrue,
  'x-rate-limit': list(obj({ requests: int(1), windowSeconds: int(1), scope: oneOf('credential', 'ip') })),
  'x-rate-limit-header': oneOf('remaining', 'reset', 'limit'),
  'x-pagination': byKind('style', PAGINATION),
  'x-error-codes': list(either(int(0), str)),
  'x-redirect-query': str,
  'x-url-placeholder': obj({ placeholder: str, field: str }),
  'x-coming-soon': isTrue,
  'x-sandbox-only': isTrue,
  'x-cors': oneOf('public'),
  'x-sandbox-page': oneOf('customer', 'developer'),
  'x-test-cards': list(
    obj(
      {
        number: (v) => (/^\d{12,19}$/.test(String(v)) ? undefined : 'must be a card number'),
        outcome: str,
        description: str,
      },
      {
        brand: str,
        declineCode: str,
        token: str,
        cvv: str,
        expiry: str,
        threeDSecureCode: str,
        failsAfterSeconds: int(1),
      },
    ),
  ),
  'x-test-otp': obj({ code: str }, { description: str }),
  'x-webhook-signature': byKind('scheme', SIGNATURE),
  'x-webhook-retry': obj(
    { scheduleSeconds: list(int(1)), maxAttempts: int(1) },
    { expiresAfterSeconds: int(1), responseTimeoutSeconds: positive, successStatuses: list(status) },
  ),
  'x-enum-varnames': perEnumValue((v) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(v)) ? undefined : 'must be an identifier',
  ),
  'x-enum-descriptions': perEnumValue(str),
  'x-enum-http-statuses': perEnumValue(status),
  'x-extensible-enum': (v, node) =>
    list(str)(v) ??
    (node.type === 'string' && node.enum === undefined ? undefined : 'goes on a `type: string` schema without `enum`'),
  'x-expires-after-seconds': int(1),
  'x-value': (v) => (typeof v === 'number' ? undefined : `must be a number, not ${show(v)}`),
  'x-fee-rate': obj({ percent: positive, rounding: oneOf('up', 'down', 'half-up') }),
  'x-expiry': obj({ afterSeconds: int(1) }, { failureCode: str }),
  'x-balance-limits-mad': mapOf(int(0)),
  'x-max-attempts': int(1),
  'x-kyc-review': obj({ seconds: int(1) }),
  'x-timeout-seconds': positive,
  'x-polling-interval-seconds': either(positive, (v) =>
    Array.isArray(v) && v.length === 2 ? list(positive)(v) : 'must be N or [min, max]',
  ),
  'x-consistency': str,
  'x-sandbox-defaults': mapOf(
    obj({ credentials: mapOf(either(str, obj({ username: str, password: str }))) }, { webhookSecret: str }),
  ),
};
