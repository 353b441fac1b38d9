import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHaloubiGatewayClient, type HaloubiGatewayClient } from '../../../src/providers/haloubi-gateway/index.js';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/index.js';

/**
 * The hosted checkout page the Haloubi sandbox serves at `checkout_url`, read as HTML without a browser: the form,
 * the return URLs the document gives (success_url with `{CHECKOUT_SESSION_ID}` filled and `?payment_intent=`,
 * cancel_url defaulting to success_url), and a page with a fitting status for an intent that cannot be paid.
 */
const SHOP = 'http://localhost:3000';
const VISA = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123' };
const DECLINE = { ...VISA, number: '4000000000000002' };

let sandbox: RunningSandbox;
let client: HaloubiGatewayClient;

beforeAll(async () => {
  sandbox = await startSandbox('haloubi-gateway');
  client = createHaloubiGatewayClient({ apiKey: 'test_key', baseUrl: sandbox.url, maxRetries: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

async function createIntent(extra: { cancel_url?: string; customer_email?: string } = {}) {
  const { data } = await client.post('/api/v1/payment-intents', {
    body: { amount: 4550, currency: 'MAD', success_url: `${SHOP}/done?s={CHECKOUT_SESSION_ID}`, ...extra },
  });
  return data;
}

async function open(url: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string }> {
  const res = await fetch(url, { headers });
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return { status: res.status, html: await res.text() };
}

function confirm(id: string, secret: string, card: typeof VISA) {
  return client.post('/api/public/payment-intents/{id}/confirm', {
    params: { path: { id } },
    body: { client_secret: secret, card },
  });
}

describe('Haloubi hosted checkout page', () => {
  test('checkout_url is a page of this sandbox, with the amount and a labelled card form', async () => {
    const intent = await createIntent({ customer_email: 'jane@example.com' });
    expect(intent.checkout_url).toBe(`${sandbox.url}/__sandbox/payment-intents/${intent.id}/checkout`);
    const { status, html } = await open(intent.checkout_url);
    expect(status).toBe(200);
    expect(html).toContain('<strong id="amount">45.50 MAD</strong>');
    for (const [id, label] of [
      ['card-number', 'Card number'],
      ['card-expiry', 'Expiry date (MM/YY)'],
      ['card-cvv', 'CVV'],
    ]) {
      expect(html).toContain(`<label for="${id}">${label}</label><input id="${id}"`);
    }
    // Haloubi: customer email "pre-filled on checkout page".
    expect(html).toContain('value="jane@example.com"');
    expect(html).toContain('<button id="pay" type="submit">Pay 45.50 MAD</button>');
    expect(html).toContain(`data-confirm-url="${sandbox.url}/api/public/payment-intents/${intent.id}/confirm"`);
  });

  test('the return URLs: placeholder filled, ?payment_intent= added, cancel_url defaulting to success_url', async () => {
    const intent = await createIntent();
    const { html } = await open(intent.checkout_url);
    const back = `${SHOP}/done?s=${intent.id}&#38;payment_intent=${intent.id}`;
    expect(html).toContain(`data-success-url="${back}"`);
    expect(html).toContain(`<a id="cancel" href="${back}">Cancel and return to the shop</a>`);
    const withCart = await createIntent({ cancel_url: `${SHOP}/cart` });
    expect((await open(withCart.checkout_url)).html).toContain(`href="${SHOP}/cart?payment_intent=${withCart.id}"`);
  });

  test('opens when the customer arrives from the shop, a cross-site navigation', async () => {
    const intent = await createIntent();
    const { status } = await open(intent.checkout_url, {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'navigate',
    });
    expect(status).toBe(200);
  });

  test('an unknown intent: 404 page that says so, the id escaped', async () => {
    const { status, html } = await open(`${sandbox.url}/__sandbox/payment-intents/pi_%3Cb%3E/checkout`);
    expect(status).toBe(404);
    expect(html).toContain('<h1>Payment not found</h1>');
    expect(html).toContain('<code>pi_&#60;b&#62;</code>');
  });

  test('an intent already paid: 200 page that links to the success page, no form', async () => {
    const intent = await createIntent();
    await confirm(intent.id, intent.client_secret!, VISA);
    const { status, html } = await open(intent.checkout_url);
    expect(status).toBe(200);
    expect(html).toContain('<h1>Payment complete</h1>');
    expect(html).toContain(`href="${SHOP}/done?s=${intent.id}&#38;payment_intent=${intent.id}"`);
    expect(html).not.toContain('<form');
  });

  test('a canceled intent: 410 page', async () => {
    const intent = await createIntent();
    await client.post('/api/v1/payment-intents/{id}/cancel', { params: { path: { id: intent.id } } });
    const { status, html } = await open(intent.checkout_url);
    expect([status, /<h1>(.+)<\/h1>/.exec(html)?.[1]]).toEqual([410, 'Payment canceled']);
  });

  test('an intent out of attempts (3 declines): 410 page', async () => {
    const intent = await createIntent();
    for (let i = 0; i < 3; i++) await confirm(intent.id, intent.client_secret!, DECLINE).catch(() => undefined);
    const { status, html } = await open(intent.checkout_url);
    expect([status, /<h1>(.+)<\/h1>/.exec(html)?.[1]]).toEqual([410, 'No payment attempts left']);
    expect(html).toContain('All 3 payment attempts were used.');
  });

  test('an intent past its hour (Haloubi: "Payment intent expired (1 hour)"): 410 page', async () => {
    const intent = await createIntent();
    await new SandboxControl(sandbox.url).advanceClock(3600);
    const { status, html } = await open(intent.checkout_url);
    expect([status, /<h1>(.+)<\/h1>/.exec(html)?.[1]]).toEqual([410, 'Checkout expired']);
    expect(html).toContain(`This checkout expired at ${intent.expires_at}.`);
  });
});

test('behind a proxy, checkout_url starts with the public URL, never the Host the request named', async () => {
  const proxied = await startSandbox('haloubi-gateway', { publicUrl: 'https://sandbox.shop.test' });
  try {
    const api = createHaloubiGatewayClient({ apiKey: 'test_key', baseUrl: proxied.url, maxRetries: 0 });
    const { data } = await api.post('/api/v1/payment-intents', {
      body: { amount: 100, currency: 'USD', success_url: `${SHOP}/done` },
    });
    expect(data.checkout_url).toBe(`https://sandbox.shop.test/__sandbox/payment-intents/${data.id}/checkout`);
  } finally {
    await proxied.close();
  }
});
