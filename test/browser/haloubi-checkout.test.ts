/**
 * Haloubi's hosted checkout in Chromium, as a merchant's own end-to-end suite would run it: a tiny shop on loopback
 * creates the payment intent on its server with our client, sends the browser to `checkout_url`, the customer types a
 * documented test card on the sandbox's page, and lands back on the shop's `success_url` (or `cancel_url`). The
 * outcome is read back through the API and from the webhooks the shop received, verified with our verifier.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../contract-tests/support/webhook-receiver.js';
import {
  createHaloubiGatewayClient,
  type HaloubiGatewayClient,
  verifyHaloubiWebhook,
} from '../../src/providers/haloubi-gateway/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { HAS_CHROMIUM, launchChromium } from './chromium.js';

/** x-sandbox-defaults of the sandbox-control spec, as a merchant would copy it from the sandbox guide. */
const WEBHOOK_SECRET = 'whsec_haloubi_sandbox';
/** Haloubi's documented test cards. */
const VISA_APPROVED = '4242 4242 4242 4242';
const MASTERCARD_APPROVED = '5555 5555 5555 4444';
const GENERIC_DECLINE = '4000 0000 0000 0002';
const INSUFFICIENT_FUNDS = '4000 0000 0000 9995';

/**
 * The shop: `/` has a Buy button; `POST /checkout` creates a 99.99 USD intent on the server and sends the browser to
 * its `checkout_url` (303); `/success` and `/cart` show the query they were given.
 */
async function startShop(
  haloubi: () => HaloubiGatewayClient,
  intents: string[],
): Promise<{ server: Server; url: string }> {
  let url = '';
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && path === '/checkout') {
      try {
        const { data: intent } = await haloubi().post('/api/v1/payment-intents', {
          body: {
            amount: 9999,
            currency: 'USD',
            description: 'Order #42',
            success_url: `${url}/success?order=42&session={CHECKOUT_SESSION_ID}`,
            cancel_url: `${url}/cart`,
          },
        });
        intents.push(intent.id);
        res.writeHead(303, { location: intent.checkout_url }).end();
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`The shop could not create the intent: ${error}`);
      }
      return;
    }
    const query = JSON.stringify(Object.fromEntries(new URL(req.url ?? '/', url).searchParams));
    const page = (title: string, body: string) =>
      `<!doctype html><html lang="en"><title>${title}</title><h1>${title}</h1>${body}</html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (path === '/success') res.end(page('Thank you', `<pre id="query">${query}</pre>`));
    else if (path === '/cart') res.end(page('Your cart', `<pre id="query">${query}</pre>`));
    else res.end(page('Shop', '<form method="post" action="/checkout"><button>Buy</button></form>'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Haloubi accepts http only for localhost ("Must be HTTPS (except localhost for testing)").
  url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return { server, url };
}

async function payWith(page: Page, number: string): Promise<void> {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry date (MM/YY)').fill('12/99');
  await page.getByLabel('CVV').fill('123');
  await page.getByRole('button', { name: 'Pay 99.99 USD' }).click();
}

describe.skipIf(!HAS_CHROMIUM)('Haloubi hosted checkout in Chromium', () => {
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let client: HaloubiGatewayClient;
  let shop: { server: Server; url: string };
  let browser: Browser;
  let page: Page;
  const intents: string[] = [];

  /** The verified webhooks the shop received about one intent and its payments, sorted, once `count` arrived. */
  async function webhookEventsOf(intentId: string, count: number): Promise<string[]> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const events = receiver.received
        .map((r) => verifyHaloubiWebhook(r.body, r.headers, WEBHOOK_SECRET))
        .filter((e) => {
          const object = e.payload.data.object as { id: string; payment_intent_id?: string };
          return object.id === intentId || object.payment_intent_id === intentId;
        });
      if (events.length >= count || Date.now() > deadline) return events.map((e) => e.event).sort();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Waits for the checkout page's message to match, and returns it. */
  async function checkoutMessage(pattern: RegExp): Promise<string> {
    const message = page.locator('#checkout-message', { hasText: pattern });
    await message.waitFor({ timeout: 5000 });
    return (await message.textContent()) ?? '';
  }

  async function startCheckout(): Promise<string> {
    await page.goto(shop.url);
    await page.getByRole('button', { name: 'Buy' }).click();
    await page.waitForURL(`${sandbox.url}/**`);
    return intents.at(-1) as string;
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox('haloubi-gateway', { webhookUrl: receiver.url });
    client = createHaloubiGatewayClient({ apiKey: 'test_key', baseUrl: sandbox.url, maxRetries: 0 });
    shop = await startShop(() => client, intents);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(5000);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.server.close(resolve));
    await sandbox?.close();
    await receiver?.close();
  });

  test('a Visa test card pays: the shop gets success_url with its placeholder filled and ?payment_intent=', async () => {
    const id = await startCheckout();
    expect(page.url()).toBe(`${sandbox.url}/__sandbox/payment-intents/${id}/checkout`);
    await expect(page.locator('#amount').textContent()).resolves.toBe('99.99 USD');
    await expect(page.getByText('Test page of a local paycontracts sandbox').isVisible()).resolves.toBe(true);
    await payWith(page, VISA_APPROVED);
    await page.waitForURL(`${shop.url}/success?**`);
    expect(JSON.parse((await page.locator('#query').textContent()) ?? '')).toEqual({
      order: '42',
      session: id,
      payment_intent: id,
    });
    const { data: intent } = await client.get('/api/public/payment-intents/{id}', { params: { path: { id } } });
    expect(intent).toMatchObject({ status: 'succeeded', attempts: 1 });
    const { data: payment } = await client.get('/api/v1/payments/{id}', {
      params: { path: { id: intent.payment_id! } },
    });
    expect(payment).toMatchObject({ status: 'captured', amount: 9999, currency: 'USD' });
    expect(await webhookEventsOf(id, 3)).toEqual([
      'payment.captured',
      'payment_intent.created',
      'payment_intent.succeeded',
    ]);
  });

  test('a declined card shows the decline and the attempts left; another card then pays', async () => {
    const id = await startCheckout();
    await payWith(page, GENERIC_DECLINE);
    expect(await checkoutMessage(/attempts left/)).toBe(
      'Your card was declined. Decline code 05. Try again (2 attempts left).',
    );
    expect(page.url()).toContain(`/payment-intents/${id}/checkout`);
    await payWith(page, MASTERCARD_APPROVED);
    await page.waitForURL(`${shop.url}/success?**`);
    const { data: intent } = await client.get('/api/public/payment-intents/{id}', { params: { path: { id } } });
    expect(intent).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  test('after the maximum attempts the form ends; Cancel returns to cancel_url and the intent stays unpaid', async () => {
    const id = await startCheckout();
    await payWith(page, GENERIC_DECLINE);
    await checkoutMessage(/\(2 attempts left\)/);
    await payWith(page, INSUFFICIENT_FUNDS);
    expect(await checkoutMessage(/\(1 attempt left\)/)).toContain('Decline code 51.');
    await page.getByLabel('Card number').fill(GENERIC_DECLINE);
    await page.getByRole('button', { name: 'Pay 99.99 USD' }).click();
    await checkoutMessage(/No payment attempts left/);
    await expect(page.getByRole('button', { name: 'Pay 99.99 USD' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Cancel and return to the shop' }).click();
    await page.waitForURL(`${shop.url}/cart?**`);
    expect(JSON.parse((await page.locator('#query').textContent()) ?? '')).toEqual({ payment_intent: id });

    const { data: intent } = await client.get('/api/public/payment-intents/{id}', { params: { path: { id } } });
    expect(intent).toMatchObject({ status: 'created', attempts: 3, max_attempts: 3 });
    expect(intent.payment_id).toBeUndefined();
    expect(await webhookEventsOf(id, 4)).toEqual([
      'payment.failed',
      'payment.failed',
      'payment.failed',
      'payment_intent.created',
    ]);
    const reopened = await page.goto(`${sandbox.url}/__sandbox/payment-intents/${id}/checkout`);
    expect(reopened?.status()).toBe(410);
    await expect(page.getByRole('heading').textContent()).resolves.toBe('No payment attempts left');
  });

  test("the shop's own page calls the public intent endpoints cross-origin; a merchant endpoint fails CORS", async () => {
    const { data: intent } = await client.post('/api/v1/payment-intents', {
      body: { amount: 1500, currency: 'EUR', success_url: `${shop.url}/success` },
    });
    await page.goto(`${shop.url}/cart`);
    const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123' };
    const outcome = await page.evaluate(
      async ({ api, id, secret, card }) => {
        const json = { 'content-type': 'application/json' };
        const read = await fetch(`${api}/api/public/payment-intents/${id}`);
        const confirm = await fetch(`${api}/api/public/payment-intents/${id}/confirm`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ client_secret: secret, card }),
        });
        let merchant: string;
        try {
          const authorize = await fetch(`${api}/api/v1/payments/authorize`, {
            method: 'POST',
            headers: { ...json, 'x-api-key': 'test_key' },
            body: JSON.stringify({ amount: 777, currency: 'USD', card }),
          });
          merchant = `answered ${authorize.status}`;
        } catch (error) {
          merchant = `refused: ${(error as Error).name}`;
        }
        return {
          origin: location.origin,
          read: { status: read.status, body: await read.json() },
          confirm: { status: confirm.status, body: await confirm.json() },
          merchant,
        };
      },
      { api: sandbox.url, id: intent.id, secret: intent.client_secret!, card },
    );
    expect(outcome.origin).toBe(shop.url);
    expect(outcome.read.status).toBe(200);
    expect(outcome.read.body).toMatchObject({ id: intent.id, status: 'created', amount: 1500 });
    expect(outcome.read.body).not.toHaveProperty('client_secret');
    expect(outcome.confirm).toMatchObject({ status: 200, body: { id: intent.id, status: 'succeeded' } });
    // The preflight is refused, so the browser never sends the authorization: no 777 payment exists.
    expect(outcome.merchant).toBe('refused: TypeError');
    const { data: transactions } = await client.get('/api/v1/transactions', { params: { query: { limit: 100 } } });
    expect(transactions.transactions.map((t) => t.amount)).not.toContain(777);
    expect(transactions.transactions.map((t) => t.amount)).toContain(1500);
  });
});
