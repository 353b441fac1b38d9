import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../contract-tests/support/webhook-receiver.js';
import { escapeHtml } from '../../src/core/sandbox/pages/html.js';
import {
  type ChariPayClient,
  createChariPayClient,
  verifyChariPayWebhook,
} from '../../src/providers/chari-pay/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { CHROMIUM, HAS_CHROMIUM, launchChromium } from './chromium.js';

// A merchant's checkout through Chari Pay 3-D Secure in Chromium: the merchant's server creates the payment with the
// spec's 3-D Secure challenge test card (x-test-cards tok_3ds_challenge), the browser follows next_action.redirect_url
// to the sandbox's challenge page, the customer clicks, and the browser lands on the merchant's return_url. Expected
// values are written by hand: the return query the spec infers (ThreeDSecureReturnQuery: payment_id, status), the
// status and webhook after a passed challenge (captured, payment.completed) and a failed one (failed,
// authentication_failed, payment.failed).
const CHALLENGE_TOKEN = 'tok_3ds_challenge';
const WEBHOOK_SECRET = 'whsec_browser_checkout';

/** A tiny merchant site: `/checkout` pays on the server side and redirects; `/return` shows what came back. */
function merchantSite(client: ChariPayClient, created: string[]): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname === '/return') {
      const shown = [...url.searchParams]
        .map(([k, v]) => `<li data-param="${escapeHtml(k)}">${escapeHtml(v)}</li>`)
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Order</title><h1>Thank you</h1><ul>${shown}</ul>`);
      return;
    }
    if (url.pathname !== '/checkout') {
      res.writeHead(404).end();
      return;
    }
    client
      .post('/v1/payments', {
        body: {
          amount: 15000,
          currency: 'MAD',
          reference: `ORDER-${randomUUID()}`,
          return_url: `http://${req.headers.host}/return?order=42`,
          payment_method: CHALLENGE_TOKEN,
        },
      })
      .then(({ data: payment }) => {
        created.push(payment.id);
        if (payment.status !== 'requires_action' || !payment.next_action) throw new Error(`${payment.status}`);
        res.writeHead(303, { location: payment.next_action.redirect_url }).end();
      })
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.skipIf(!HAS_CHROMIUM)(
  `Chari Pay 3-D Secure in Chromium${HAS_CHROMIUM ? '' : ` (skipped: no ${CHROMIUM})`}`,
  () => {
    let sandbox: RunningSandbox;
    let receiver: WebhookReceiver;
    let client: ChariPayClient;
    let merchant: Server;
    let shop: string;
    let browser: Browser;
    const created: string[] = [];

    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      sandbox = await startSandbox('chari-pay', { webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET });
      client = createChariPayClient({ baseUrl: sandbox.url, secretKey: 'test_key', maxRetries: 0 });
      merchant = merchantSite(client, created);
      shop = await listen(merchant);
      browser = await launchChromium();
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => merchant?.close(resolve));
      await sandbox?.close();
      await receiver?.close();
    });

    /** Checkout in the browser up to the challenge, then `answer` it; returns the payment id and the return page. */
    async function checkout(answer: (page: Page) => Promise<void>) {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(`${shop}/checkout`);
        expect(page.url().startsWith(`${sandbox.url}/`)).toBe(true);
        await expect(page.getByRole('heading', { name: '3-D Secure authentication' }).isVisible()).resolves.toBe(true);
        expect(await page.textContent('main')).toContain('150.00 MAD');
        await answer(page);
        await page.waitForURL(`${shop}/return?**`, { timeout: 10_000 });
        const landed = new URL(page.url());
        const shown = await page.locator('li[data-param]').allTextContents();
        const id = created.at(-1);
        if (!id) throw new Error('The merchant site created no payment.');
        return { id, landed, shown };
      } finally {
        await context.close();
      }
    }

    /** The merchant's webhook for this payment, verified with the merchant's own secret. */
    async function webhookFor(id: string) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        for (const delivery of receiver.received) {
          const verified = verifyChariPayWebhook(delivery.body, delivery.headers, WEBHOOK_SECRET);
          if (verified.payload.data.id === id) return verified;
        }
        if (Date.now() > deadline) throw new Error(`No webhook for ${id} within 5 s.`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }

    test('Complete authentication: back on the return URL with payment_id and captured; payment.completed', async () => {
      const { id, landed, shown } = await checkout((page) =>
        page.getByRole('button', { name: 'Complete authentication' }).click(),
      );
      expect(landed.pathname).toBe('/return');
      expect(Object.fromEntries(landed.searchParams)).toEqual({ order: '42', payment_id: id, status: 'captured' });
      expect(shown).toEqual(['42', id, 'captured']);
      const { data: payment } = await client.get('/v1/payments/{id}', { params: { path: { id } } });
      expect(payment.status).toBe('captured');
      expect(payment.amount_captured).toBe(15000);
      const webhook = await webhookFor(id);
      expect(webhook.event).toBe('payment.completed');
      expect(webhook.payload.data.status).toBe('captured');
    });

    test('Fail authentication, from the keyboard: back with status failed; payment.failed', async () => {
      const { id, landed } = await checkout(async (page) => {
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Fail authentication');
        await page.keyboard.press('Enter');
      });
      expect(Object.fromEntries(landed.searchParams)).toEqual({ order: '42', payment_id: id, status: 'failed' });
      const { data: payment } = await client.get('/v1/payments/{id}', { params: { path: { id } } });
      expect(payment.status).toBe('failed');
      expect(payment.failure_code).toBe('authentication_failed');
      const webhook = await webhookFor(id);
      expect(webhook.event).toBe('payment.failed');
      expect(webhook.payload.data.failure_code).toBe('authentication_failed');
    });
  },
);
