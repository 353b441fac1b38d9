/**
 * The redactor against a generated corpus: secrets in every position a log line or error can hold them (under a
 * secret key at any depth, as a string, number, array or object; in headers; in free text after their name; in URLs
 * and query strings; card numbers however they are written), each property checked on hundreds of cases. The secret
 * names and values are written here, never taken from the code under test.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { REDACTED, redactHeaders, redactText, redactValue } from '../../src/core/redact.js';

const RUNS = { numRuns: 300 };

/** Secret field names as providers, frameworks and people write them. */
const SECRET_FIELD_NAMES = [
  'cvv',
  'CVC',
  'card_cvc',
  'cardCvv',
  'cvv2',
  'pin',
  'Pin',
  'newPin',
  'old_pin',
  'otp',
  'password',
  'secret',
  'client_secret',
  'clientSecret',
  'webhook_secret',
  'secret_key',
  'private_key',
  'api_secret',
  'api_key',
  'apiKey',
  'x-api-key',
  'token',
  'access_token',
  'refresh_token',
  'session_token',
  'authorization',
];
const SECRET_HEADER_NAMES = [
  'Authorization',
  'Proxy-Authorization',
  'Chari-Api-Key',
  'X-API-Key',
  'X-Api-Key',
  'api-key',
  'X-Session-Token',
  'X-Webhook-Signature',
  'X-Client-Secret',
  'X-Auth-Token',
  'Cookie',
  'Set-Cookie',
];
const BENIGN_NAMES = ['amount', 'currency', 'id', 'reference', 'status', 'message', 'created', 'description'];

/** In every letter case, so a redactor that only knows one spelling fails. */
const inSomeCase = (names: string[]) =>
  fc
    .tuple(fc.constantFrom(...names), fc.constantFrom('as is', 'lower', 'upper'))
    .map(([name, how]) => (how === 'lower' ? name.toLowerCase() : how === 'upper' ? name.toUpperCase() : name));

/** A secret value that cannot occur by chance in the surrounding corpus: a marker and random alphanumerics. */
const secretText = fc
  .string({ unit: fc.constantFrom(...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'), minLength: 8 })
  .map((s) => `Zq9${s}`);

/** What a secret field may hold: text, a number, or the text inside an array or object. */
const secretValue = fc.oneof(
  secretText.map((text) => ({ value: text as unknown, text })),
  fc.integer({ min: 100_000_000, max: 999_999_999 }).map((n) => ({ value: n as unknown, text: String(n) })),
  secretText.map((text) => ({ value: [text] as unknown, text })),
  secretText.map((text) => ({ value: { value: text } as unknown, text })),
  secretText.map((text) => ({ value: [{ nested: [text] }] as unknown, text })),
);

const benignLeaf = fc.oneof(fc.constantFrom('MAD', 'pay_1', 'captured'), fc.integer({ min: 0, max: 99 }));

/** Wraps `node` in `depth` random layers of arrays and objects with benign siblings. */
const nestedAround = (node: unknown) =>
  fc
    .array(fc.tuple(fc.boolean(), fc.constantFrom(...BENIGN_NAMES), benignLeaf), { maxLength: 4 })
    .map((layers) =>
      layers.reduce<unknown>(
        (inner, [asArray, name, sibling]) => (asArray ? [sibling, inner] : { [name]: sibling, wrapped: inner }),
        node,
      ),
    );

/** A 13–19 digit card number (only digits: the redactor must not rely on Luhn). */
const pan = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 }))
  .map(([first, rest]) => `${first}${rest.join('')}`);
/** The same number as people write it: in one run, in groups of four split by spaces or dashes, or glued to a word. */
const writtenPan = fc
  .tuple(pan, fc.constantFrom('run', 'spaces', 'dashes', 'glued'), fc.constantFrom('pan_', 'card', 'PAN:', 'x'))
  .map(([digits, style, prefix]) => {
    const grouped = (sep: string) => digits.match(/.{1,4}/g)?.join(sep) ?? digits;
    if (style === 'spaces' && digits.length === 16) return { digits, written: grouped(' ') };
    if (style === 'dashes' && digits.length === 16) return { digits, written: grouped('-') };
    if (style === 'glued') return { digits, written: `${prefix}${digits}` };
    return { digits, written: digits };
  });

/** The middle digits of a card number are what must never be shown (first six and last four may be). */
const middle = (digits: string) => digits.slice(6, -4);
const digitsOnly = (text: string) => text.replace(/[^\d]/g, '');

describe('secrets under secret keys, at any depth, whatever the value', () => {
  test('the value never survives in the redacted copy', () => {
    fc.assert(
      fc.property(
        inSomeCase(SECRET_FIELD_NAMES).chain((name) =>
          secretValue.chain(({ value, text }) =>
            nestedAround({ [name]: value, amount: 1500 }).map((tree) => ({ tree, text })),
          ),
        ),
        ({ tree, text }) => {
          const out = JSON.stringify(redactValue(tree));
          expect(out).not.toContain(text);
          expect(out).toContain(REDACTED);
          expect(out, 'siblings are kept').toContain('1500');
        },
      ),
      RUNS,
    );
  });

  test('benign fields around them are kept as they were', () => {
    fc.assert(
      fc.property(nestedAround({ amount: 1500, currency: 'MAD', code: 'card_declined', errorCode: 20005 }), (tree) => {
        expect(redactValue(tree)).toEqual(tree);
      }),
      RUNS,
    );
  });
});

describe('secret headers', () => {
  test('a secret header value never survives, whatever the letter case of its name', () => {
    fc.assert(
      fc.property(inSomeCase(SECRET_HEADER_NAMES), secretText, (name, value) => {
        const out = redactHeaders({ [name]: value, 'Content-Type': 'application/json' });
        expect(out).toEqual({ [name]: REDACTED, 'Content-Type': 'application/json' });
      }),
      RUNS,
    );
  });

  test('a fetch Headers object is redacted the same way', () => {
    fc.assert(
      fc.property(inSomeCase(SECRET_HEADER_NAMES), secretText, (name, value) => {
        const out = redactHeaders(new Headers({ [name]: value }));
        expect(JSON.stringify(out)).not.toContain(value);
      }),
      RUNS,
    );
  });
});

describe('secrets in free text', () => {
  const separators = [': ', ':', '=', ' = ', '": "', '":"', '\\": \\"', "='"];
  test('a secret after its name never survives, in a header line, JSON, escaped JSON or a form', () => {
    fc.assert(
      fc.property(
        inSomeCase([...SECRET_FIELD_NAMES, ...SECRET_HEADER_NAMES]),
        fc.constantFrom(...separators),
        secretText,
        fc.constantFrom('Request failed: ', 'body {"', '', 'echo \\"'),
        fc.constantFrom('', '"}', ' then retried', '\\"}'),
        (name, separator, value, before, after) => {
          const out = redactText(`${before}${name}${separator}${value}${after}`);
          expect(out).not.toContain(value);
          expect(out).toContain(REDACTED);
        },
      ),
      RUNS,
    );
  });

  test('Bearer and Basic credentials never survive', () => {
    fc.assert(
      fc.property(fc.constantFrom('Bearer', 'Basic', 'bearer'), secretText, (scheme, token) => {
        expect(redactText(`sent ${scheme} ${token} upstream`)).toBe(`sent ${scheme} ${REDACTED} upstream`);
      }),
      RUNS,
    );
  });

  test('a card code after any wording is removed: CardCvv: 987, security code 987, cvv2=987', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('cvv', 'CVV2', 'CardCvv', 'card_cvc', 'security code', 'Security Code', 'CVC', 'csc'),
        fc.constantFrom(' ', ': ', '=', '": "'),
        fc.integer({ min: 100, max: 9999 }),
        (wording, separator, code) => {
          expect(redactText(`${wording}${separator}${code}`)).toBe(`${wording}${separator}${REDACTED}`);
        },
      ),
      RUNS,
    );
  });
});

describe('secrets in URLs and query strings', () => {
  test('a secret query parameter never survives; the others are kept', () => {
    fc.assert(
      fc.property(
        inSomeCase(['client_secret', 'api_key', 'token', 'access_token', 'password', 'refresh_token']),
        secretText,
        fc.boolean(),
        (name, value, first) => {
          const query = first ? `${name}=${value}&amount=1500` : `amount=1500&${name}=${value}`;
          const out = redactText(`GET https://pay.example/v1/confirm?${query} failed`);
          expect(out).not.toContain(value);
          expect(out).toContain('amount=1500');
          expect(out).toContain('https://pay.example/v1/confirm?');
        },
      ),
      RUNS,
    );
  });

  test('the password of a URL never survives', () => {
    fc.assert(
      fc.property(secretText, (password) => {
        const out = redactText(`connect https://merchant:${password}@pay.example/v1 refused`);
        expect(out).toBe(`connect https://merchant:${REDACTED}@pay.example/v1 refused`);
      }),
      RUNS,
    );
  });
});

describe('card numbers however they are written', () => {
  test('in text, the middle digits never survive', () => {
    fc.assert(
      fc.property(
        writtenPan,
        fc.constantFrom('Card ', 'declined: ', '"number":"', ''),
        ({ digits, written }, before) => {
          const out = redactText(`${before}${written} declined`);
          expect(digitsOnly(out)).not.toContain(digits);
          expect(out).not.toContain(written);
          expect(out).toContain('*'.repeat(middle(digits).length));
        },
      ),
      RUNS,
    );
  });

  test('in any field, header or array, the number never survives', () => {
    fc.assert(
      fc.property(writtenPan, fc.constantFrom('note', 'number', 'pan', 'message'), ({ digits, written }, key) => {
        const tree = { payment: { [key]: [written] }, 'X-Note': written };
        const out = JSON.stringify([redactValue(tree), redactHeaders({ 'X-Note': written })]);
        expect(digitsOnly(out)).not.toContain(digits);
      }),
      RUNS,
    );
  });
});
