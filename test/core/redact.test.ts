/**
 * Secrets never reach logs, error messages or serialized errors: API key headers, Basic credentials, bearer and
 * session tokens, client and webhook secrets, card PANs (masked to first six and last four) and CVVs.
 */
import { describe, expect, test } from 'vitest';
import type { CommonClientOptions, Logger } from '../../src/core/client.js';
import { PaymentApiError } from '../../src/core/errors.js';
import { maskPan, maskPansInText, REDACTED, redactHeaders, redactText, redactValue } from '../../src/core/redact.js';
import { createAlyaPayClient } from '../../src/providers/alyapay/index.js';
import {
  createChariMoneyClient,
  signChariMoneyTestWebhook,
  verifyChariMoneyWebhook,
} from '../../src/providers/chari-money/index.js';
import {
  createChariPayClient,
  signChariPayTestWebhook,
  verifyChariPayWebhook,
} from '../../src/providers/chari-pay/index.js';
import { createHaloubiGatewayClient } from '../../src/providers/haloubi-gateway/index.js';
import { createNovasendClient } from '../../src/providers/novasend/index.js';
import { connectionRefused, fakeFetch, type Reply } from './fake-fetch.js';

const PAN = '4918914107195005';
const MASKED = '491891******5005';

describe('maskPan', () => {
  test.each([
    ['16 digits', PAN, MASKED],
    ['spaced', '4918 9141 0719 5005', MASKED],
    ['dashed', '4918-9141-0719-5005', MASKED],
    ['19 digits', '6011000990139424123', '601100*********4123'],
    ['too short to be a PAN', '12345', REDACTED],
    ['not digits', 'tok_visa', REDACTED],
  ])('%s', (_, given, want) => {
    expect(maskPan(given)).toBe(want);
  });

  test('PANs inside free text are masked, shorter numbers are left alone', () => {
    expect(maskPansInText(`Card ${PAN} declined, order 123456`)).toBe(`Card ${MASKED} declined, order 123456`);
  });
});

describe('redactText', () => {
  test.each([
    ['a PAN and a CVV', `Card ${PAN} cvv 123 declined`, `Card ${MASKED} cvv ${REDACTED} declined`],
    ['CVC with a colon', 'CVC: 4567 invalid', `CVC: ${REDACTED} invalid`],
    ['a CVV in echoed, pretty-printed JSON', 'body {\n  "cvv": "987"\n}', `body {\n  "cvv": "${REDACTED}"\n}`],
    ['a CVV in escaped JSON after an underscore', '{\\"card_cvv\\": \\"987\\"}', `{\\"card_cvv\\": \\"${REDACTED}\\"}`],
    ['a credential value', 'Invalid API key sk_live_abc123', `Invalid API key ${REDACTED}`],
    ['plain text untouched', 'Amount must be greater than 0', 'Amount must be greater than 0'],
  ])('%s', (_, given, want) => {
    expect(redactText(given, ['sk_live_abc123'])).toBe(want);
  });
});

test('redactHeaders hides every secret header, whatever its case', () => {
  const headers = redactHeaders({
    Authorization: 'Bearer sk_live_1',
    'Chari-Api-Key': 'cm_live_1',
    'X-API-Key': 'hk_live_1',
    'x-session-token': 'st_1',
    'X-Webhook-Signature': 'a'.repeat(64),
    'X-Api-Key': 'webhook-shared-secret',
    'Content-Type': 'application/json',
    'X-Note': `card ${PAN}`,
  });
  expect(headers).toEqual({
    Authorization: REDACTED,
    'Chari-Api-Key': REDACTED,
    'X-API-Key': REDACTED,
    'x-session-token': REDACTED,
    'X-Webhook-Signature': REDACTED,
    'X-Api-Key': REDACTED,
    'Content-Type': 'application/json',
    'X-Note': `card ${MASKED}`,
  });
});

describe('redactValue', () => {
  const cases: [string, { given: unknown; want: unknown }][] = [
    [
      'a card number field',
      { given: { card: { number: PAN, exp_month: 12 } }, want: { card: { number: MASKED, exp_month: 12 } } },
    ],
    ['a PAN field as a number', { given: { pan: 4918914107195005 }, want: { pan: REDACTED } }],
    [
      'CVV in its spellings',
      {
        given: { cvv: '123', CVC: '456', card_cvv: '789' },
        want: { cvv: REDACTED, CVC: REDACTED, card_cvv: REDACTED },
      },
    ],
    [
      'PIN and OTP',
      {
        given: { Pin: '1234', NewPin: '5678', Otp: '000000' },
        want: { Pin: REDACTED, NewPin: REDACTED, Otp: REDACTED },
      },
    ],
    [
      'keys and tokens',
      {
        given: { api_key: 'k', session_token: 't', client_secret: 'pi_1_secret_2', webhook_secret: 'w' },
        want: { api_key: REDACTED, session_token: REDACTED, client_secret: REDACTED, webhook_secret: REDACTED },
      },
    ],
    [
      'a PAN inside a message, in an array',
      { given: [{ message: `Card ${PAN} declined` }], want: [{ message: `Card ${MASKED} declined` }] },
    ],
    [
      'ordinary fields untouched',
      {
        given: { amount: 15_000, currency: 'MAD', id: 'pay_1' },
        want: { amount: 15_000, currency: 'MAD', id: 'pay_1' },
      },
    ],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    expect(redactValue(given)).toEqual(want);
  });

  test('extra secrets are removed wherever they appear', () => {
    expect(redactValue({ note: 'key sk_live_abc123 rejected' }, ['sk_live_abc123'])).toEqual({
      note: `key ${REDACTED} rejected`,
    });
  });
});

/** Every credential kind the five specs use, with values that are easy to search for. */
const SECRETS = {
  chariMoneyKey: 'cm_live_SECRET_1111',
  chariPaySecret: 'sk_live_SECRET_2222',
  haloubiKey: 'hk_live_SECRET_3333',
  haloubiClientSecret: 'pi_abc_secret_SECRET_4444',
  alyaKey: 'ak_live_SECRET_5555',
  alyaSession: 'eyJ_SECRET_SESSION_6666',
  novasendKey: 'nk_SECRET_7777',
  novasendClient: 'nc_SECRET_8888',
};
const BASIC = Buffer.from(`${SECRETS.novasendKey}:${SECRETS.novasendClient}`).toString('base64');

function recordingLogger(): { logger: Logger; lines: unknown[] } {
  const lines: unknown[] = [];
  const record = (level: string) => (message: string, details?: Record<string, unknown>) =>
    lines.push({ level, message, details });
  return {
    lines,
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
  };
}

type Call = (options: {
  fetch: CommonClientOptions['fetch'];
  logger?: Logger;
  maxRetries?: number;
}) => Promise<unknown>;
const URL_ = 'http://x.test';

/** One call per credential kind, with the secrets that client holds and whether they travel in a header. */
const CALLS: [string, { secrets: string[]; inHeader: boolean; call: Call }][] = [
  [
    'Chari-Api-Key',
    {
      secrets: [SECRETS.chariMoneyKey],
      inHeader: true,
      call: (o) =>
        createChariMoneyClient({ apiKey: SECRETS.chariMoneyKey, baseUrl: URL_, ...o }).get(
          '/api/customers/balance',
          {} as never,
        ),
    },
  ],
  [
    'Bearer secret key',
    {
      secrets: [SECRETS.chariPaySecret],
      inHeader: true,
      call: (o) => createChariPayClient({ secretKey: SECRETS.chariPaySecret, baseUrl: URL_, ...o }).get('/v1/payments'),
    },
  ],
  [
    'X-API-Key',
    {
      secrets: [SECRETS.haloubiKey],
      inHeader: true,
      call: (o) =>
        createHaloubiGatewayClient({ apiKey: SECRETS.haloubiKey, baseUrl: URL_, ...o }).get('/api/v1/transactions'),
    },
  ],
  [
    'client_secret query',
    {
      secrets: [SECRETS.haloubiKey, SECRETS.haloubiClientSecret],
      inHeader: false,
      call: (o) =>
        createHaloubiGatewayClient({
          apiKey: SECRETS.haloubiKey,
          clientSecret: SECRETS.haloubiClientSecret,
          baseUrl: URL_,
          ...o,
        }).post('/api/public/payment-intents/{id}/confirm', { params: { path: { id: 'pi_abc' } }, body: {} as never }),
    },
  ],
  [
    'X-Session-Token',
    {
      secrets: [SECRETS.alyaKey, SECRETS.alyaSession],
      inHeader: true,
      call: (o) =>
        createAlyaPayClient({ apiKey: SECRETS.alyaKey, sessionToken: SECRETS.alyaSession, baseUrl: URL_, ...o }).get(
          '/api/v1/public/transactions/{transaction_id}/status',
          { params: { path: { transaction_id: 't1' } } } as never,
        ),
    },
  ],
  [
    'Basic credentials',
    {
      secrets: [SECRETS.novasendKey, SECRETS.novasendClient, BASIC],
      inHeader: true,
      call: (o) =>
        createNovasendClient({
          apiKey: SECRETS.novasendKey,
          apiClient: SECRETS.novasendClient,
          baseUrl: URL_,
          ...o,
        }).get('/v1/payin/{reference}', { params: { path: { reference: 'r1' } } }),
    },
  ],
];

/** An error body that echoes the client's secrets, a PAN and a CVV back, in every provider's error shape. */
function echo(secrets: string[]): Reply {
  const message = `Card ${PAN} (cvv 123) declined for ${secrets.join(', ')}`;
  return {
    status: 402,
    body: {
      error: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: '05',
        message,
        card: { number: PAN, cvv: '123' },
      },
      errorCode: 10001,
      errorDescription: message,
      code: 'X',
      message,
    },
  };
}

function expectNoSecret(text: string, secrets: string[]): void {
  for (const secret of [...secrets, PAN, '(cvv 123)']) expect(text).not.toContain(secret);
}

describe.each(CALLS)('%s', (_, { secrets, inHeader, call }) => {
  test('never reaches the logger', async () => {
    const { logger, lines } = recordingLogger();
    const fake = fakeFetch([{ status: 503, headers: { 'Retry-After': '0' } }, echo(secrets)]);
    await call({ fetch: fake.fetch, logger, maxRetries: 1 }).catch(() => undefined);
    expect(lines.length).toBeGreaterThan(0);
    const text = JSON.stringify(lines);
    expectNoSecret(text, secrets);
    if (inHeader) expect(text).toContain(REDACTED);
  });

  test('never reaches the error message, its fields or JSON.stringify(error)', async () => {
    const fake = fakeFetch([echo(secrets)]);
    const error = (await call({ fetch: fake.fetch }).catch((e: unknown) => e)) as PaymentApiError;
    expect(error).toBeInstanceOf(PaymentApiError);
    expectNoSecret(error.message, secrets);
    expectNoSecret(String(error.providerMessage), secrets);
    expectNoSecret(JSON.stringify(error), secrets);
    expect(error.message).toContain(MASKED);
  });

  test('never reaches a transport error', async () => {
    const leaky = Object.assign(connectionRefused(), { message: `connect failed for ${secrets.join(' ')}` });
    const fake = fakeFetch([leaky]);
    const error = (await call({ fetch: fake.fetch, maxRetries: 0 }).catch((e: unknown) => e)) as PaymentApiError;
    expect(error).toBeInstanceOf(PaymentApiError);
    expectNoSecret(error.message, secrets);
    expectNoSecret(JSON.stringify(error), secrets);
  });
});

test('the card body of an error keeps its shape with the PAN masked and the CVV removed', async () => {
  const fake = fakeFetch([echo([])]);
  const error = (await CALLS[2]![1].call({ fetch: fake.fetch }).catch((e: unknown) => e)) as PaymentApiError;
  expect((error.body as { error: { card: unknown } }).error.card).toEqual({ number: MASKED, cvv: REDACTED });
});

describe('webhook secrets', () => {
  const secret = 'whsec_SECRET_9999_abcdef';
  const payload = { id: 'evt_1', type: 'payment.completed', created: '2026-01-15T10:30:05Z', data: {} };

  test('a failed HMAC check names neither the secret nor the signatures', () => {
    const signed = signChariPayTestWebhook(payload, secret);
    const received = signed.headers['X-Webhook-Signature']!;
    const error = (() => {
      try {
        verifyChariPayWebhook(`${signed.body} `, signed.headers, secret);
      } catch (e) {
        return e as Error;
      }
    })()!;
    for (const text of [error.message, JSON.stringify(error)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(received);
    }
  });

  test('a failed shared-secret check does not echo the key received or expected', () => {
    const signed = signChariMoneyTestWebhook({ data: {} }, 'wrong_key_SECRET_0000');
    const error = (() => {
      try {
        verifyChariMoneyWebhook(signed.body, signed.headers, secret);
      } catch (e) {
        return e as Error;
      }
    })()!;
    for (const text of [error.message, JSON.stringify(error)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('wrong_key_SECRET_0000');
    }
  });
});

describe('hardened redaction', () => {
  const cases: [string, { given: unknown; want: unknown }][] = [
    ['a CVV in an array', { given: { cvv: ['987'] }, want: { cvv: REDACTED } }],
    ['a password in an object', { given: { password: { value: 'x' } }, want: { password: REDACTED } }],
    [
      'secret key names',
      {
        given: {
          secret_key: 'a',
          private_key: 'b',
          api_secret: 'c',
          refresh_token: 'd',
          card_cvc: '123',
          'x-api-key': 'e',
        },
        want: {
          secret_key: REDACTED,
          private_key: REDACTED,
          api_secret: REDACTED,
          refresh_token: REDACTED,
          card_cvc: REDACTED,
          'x-api-key': REDACTED,
        },
      },
    ],
    [
      // Chari Money, "Confirm a registration using OTP": code | The received OTP code with format: xxx-xxx
      "Chari Money's OTP code, next to the fields that stay",
      {
        given: { phoneNumber: '+212711111111', code: '123-456', walletType: 'P' },
        want: { phoneNumber: '+212711111111', code: REDACTED, walletType: 'P' },
      },
    ],
    [
      'error, decline and agent codes are not OTPs',
      {
        given: {
          error: { code: 'card_declined', decline_code: '05' },
          errorCode: 20005,
          agent: { code: 'AGT-000123' },
        },
        want: { error: { code: 'card_declined', decline_code: '05' }, errorCode: 20005, agent: { code: 'AGT-000123' } },
      },
    ],
    ['a PAN in a PAN field written with spaces', { given: { pan: '4918 9141 0719 5005' }, want: { pan: MASKED } }],
    ['a PAN glued to a prefix', { given: { ref: `pan_${PAN}` }, want: { ref: `pan_${MASKED}` } }],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    expect(redactValue(given)).toEqual(want);
  });

  test.each([
    ['CardCvv: 987', `CardCvv: ${REDACTED}`],
    ['security code: 987', `security code: ${REDACTED}`],
    ['card 4918-9141-0719-5005 refused', `card ${MASKED} refused`],
    ['OTP code=123-456 expired', `OTP code=${REDACTED} expired`],
    ['error code: 20005', 'error code: 20005'],
  ])('text %s', (given, want) => {
    expect(redactText(given)).toBe(want);
  });

  test('header names that say secret, token or key are hidden', () => {
    expect(
      redactHeaders({ 'X-Client-Secret': 'a', 'X-Auth-Token': 'b', 'api-key': 'c', 'Idempotency-Key': 'k1' }),
    ).toEqual({ 'X-Client-Secret': REDACTED, 'X-Auth-Token': REDACTED, 'api-key': REDACTED, 'Idempotency-Key': 'k1' });
  });

  test('a cycle is cut, a value seen twice is kept twice', () => {
    const shared = { amount: 1 };
    const node: Record<string, unknown> = { a: shared, b: shared };
    node.self = node;
    expect(redactValue(node)).toEqual({ a: { amount: 1 }, b: { amount: 1 }, self: '[Circular]' });
  });
});

test('hostile text costs linear time: 100 kB of name=value pairs and dotted words redact in well under 2 s each', () => {
  // Before the name scan started only where a word starts, `a=` × 50,000 took about 6 s (quadratic).
  for (const text of ['a='.repeat(50_000), 'a.'.repeat(50_000), 'password:"'.repeat(10_000), '1'.repeat(100_000)]) {
    const started = performance.now();
    redactText(text);
    expect(performance.now() - started, text.slice(0, 12)).toBeLessThan(2000);
  }
});

describe('resource ids are kept whole, card numbers under id fields are not', () => {
  test.each([
    [
      'a Haloubi payment id with a 14-digit run',
      { payment_id: 'pay_5185122d03774412345678f79' },
      'pay_5185122d03774412345678f79',
    ],
    ['a camelCase id', { transactionId: 'tx_41111111111111110000' }, 'tx_41111111111111110000'],
    ['a bare id', { id: 'pay_4111111111111111' }, 'pay_4111111111111111'],
  ])('%s', (_name, value, id) => {
    expect(JSON.stringify(redactValue(value))).toContain(id);
  });
  test.each([
    ['digits alone under an id field', { card_id: '4111111111111111' }],
    ['a PAN in free text', { note: 'pay_4111111111111111 was charged' }],
    ['a PAN in a field that is no id', { paid: 'card 4111111111111111' }],
  ])('%s is masked', (_name, value) => {
    expect(JSON.stringify(redactValue(value))).not.toContain('4111111111111111');
  });
});
