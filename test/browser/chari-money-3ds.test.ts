import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../contract-tests/support/webhook-receiver.js';
import {
  type ChariMoneyClient,
  createChariMoneyClient,
  verifyChariMoneyWebhook,
} from '../../src/providers/chari-money/index.js';
import { type RunningSandbox, SandboxControl, startSandbox } from '../../src/sandbox/index.js';
import { CHROMIUM, HAS_CHROMIUM, launchChromium } from './chromium.js';

// A partner's site through Chari Money 3-D Secure in Chromium. Its server side onboards a wallet (register, OTP,
// PIN) and starts a card cash-in, or a merchant payment by card with AcceptUrl/DeclineUrl/NotificationUrl, on the
// document's test card (4918914107195005, CVV 123); the browser follows redirectionURL, types the 3DS code and lands
// back on the site. Expected values are the document's: code 555 passes; RESPONSE_CODE 0 = success with REASON_CODE
// SUCCESS, any other value = failure with DECLINED; OPERATION e.g. PAYMENT; OperationStatus 2 COMPLETED / 3 FAILED.
const WEBHOOK_SECRET = 'chari_browser_webhook_key';
const CARD = { FirstName: 'Amine', LastName: 'Benali', Cvv: '123', Pan: '4918914107195005', ExpiryDate: '2608' };
let phones = 0;

async function onboard(client: ChariMoneyClient, walletType: 'P' | 'C'): Promise<string> {
  phones += 1;
  const phoneNumber = `+2126${String(71_000_000 + phones)}`;
  await client.post('/api/customers/register', {
    body: { phoneNumber, firstName: 'Amine', lastName: 'Benali', cin: 'AB123456', walletType },
  });
  await client.post('/api/customers/confirm', { body: { phoneNumber, code: '123-456', walletType } });
  await client.post('/api/customers/pin', { body: { phoneNumber, pin: '1234' } });
  return phoneNumber;
}

/** The partner's site: `/cashin` and `/pay` start the card flow server-side and send the browser to 3-D Secure. */
function partnerSite(client: ChariMoneyClient, notify: () => string, started: { phone: string; id: number }[]): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const site = `http://${req.headers.host}`;
    if (url.pathname === '/accept' || url.pathname === '/decline') {
      const shown = [...url.searchParams].map(([k, v]) => `<li>${k}=${v.replace(/[<&]/g, '')}</li>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<title>Back</title><ul>${shown}</ul>`);
      return;
    }
    const start = async () => {
      if (url.pathname === '/cashin') {
        const phone = await onboard(client, 'P');
        const { data } = await client.post('/api/operations/cashin/card', {
          params: { query: { PhoneNumber: phone } },
          body: { ...CARD, Amount: 120, KeepAlive: false },
        });
        return { phone, data };
      }
      const phone = await onboard(client, 'C');
      const { data } = await client.post('/api/operations/merchant/payment/card', {
        params: { query: { PhoneNumber: phone } },
        body: {
          ...CARD,
          Amount: 80,
          KeepAlive: false,
          AcceptUrl: `${site}/accept?order=7`,
          DeclineUrl: `${site}/decline?order=7`,
          NotificationUrl: notify(),
          ExternalReference: 'ORDER-7',
        },
      });
      return { phone, data };
    };
    start()
      .then(({ phone, data }) => {
        started.push({ phone, id: Number(data.operationId) });
        res.writeHead(303, { location: data.redirectionURL }).end();
      })
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
}

describe.skipIf(!HAS_CHROMIUM)(
  `Chari Money 3-D Secure in Chromium${HAS_CHROMIUM ? '' : ` (skipped: no ${CHROMIUM})`}`,
  () => {
    let sandbox: RunningSandbox;
    let receiver: WebhookReceiver;
    let notifications: WebhookReceiver;
    let client: ChariMoneyClient;
    let site: Server;
    let shop: string;
    let browser: Browser;
    const started: { phone: string; id: number }[] = [];

    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      notifications = await startWebhookReceiver();
      sandbox = await startSandbox('chari-money', { webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET });
      client = createChariMoneyClient({ baseUrl: sandbox.url, apiKey: 'test_key', maxRetries: 0 });
      site = partnerSite(client, () => notifications.url, started);
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      shop = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      await new SandboxControl(sandbox.url).setChariMoneyPartnerRedirectUrls({
        acceptURL: `${shop}/accept`,
        declineURL: `${shop}/decline`,
      });
      browser = await launchChromium();
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => site?.close(resolve));
      await sandbox?.close();
      await receiver?.close();
      await notifications?.close();
    });

    /** Opens the site's `path`, types `code` on the 3-D Secure page and returns where the browser landed. */
    async function threeDSecure(path: string, code: string) {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(`${shop}${path}`);
        expect(page.url().startsWith(`${sandbox.url}/__sandbox/3ds/`)).toBe(true);
        expect(await page.textContent('body')).toContain('Test page of a local paycontracts sandbox');
        await page.getByLabel('3-D Secure code').fill(code);
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.waitForURL(`${shop}/**`, { timeout: 10_000 });
        const landed = new URL(page.url());
        const started1 = started.at(-1);
        if (!started1) throw new Error('The site started no card flow.');
        return { ...started1, landed, shown: await page.locator('li').allTextContents() };
      } finally {
        await context.close();
      }
    }

    async function delivered(from: WebhookReceiver, event: string | undefined, operationId: number) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        for (const delivery of from.received) {
          const verified = verifyChariMoneyWebhook(delivery.body, delivery.headers, WEBHOOK_SECRET);
          const data = (verified.payload as { data: Record<string, unknown> }).data;
          if (data.OperationId === operationId && (event === undefined || data.EventId === event)) return data;
        }
        if (Date.now() > deadline) throw new Error(`No delivery for operation ${operationId} within 5 s.`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }

    test('card cash-in, code 555: the partner acceptURL gets RESPONSE_CODE 0, SUCCESS, PAYMENT; wallet credited; cashin.card.authorized', async () => {
      const { phone, id, landed, shown } = await threeDSecure('/cashin', '555');
      expect(landed.pathname).toBe('/accept');
      expect(Object.fromEntries(landed.searchParams)).toEqual({
        RESPONSE_CODE: '0',
        REASON_CODE: 'SUCCESS',
        OPERATION: 'PAYMENT',
      });
      expect(shown).toContain('REASON_CODE=SUCCESS');
      const { data: operation } = await client.get('/api/operations/{id}', {
        params: { path: { id }, query: { PhoneNumber: phone } },
      });
      expect(operation.operationStatus).toBe(2);
      const { data: balance } = await client.get('/api/customers/balance', {
        params: { query: { phoneNumber: phone } },
      });
      expect(balance.balance).toBe(120);
      expect(await delivered(receiver, 'cashin.card.authorized', id)).toMatchObject({
        OperationStatus: 2,
        Amount: 120,
      });
    });

    test('card cash-in, another code: the partner declineURL gets a non-zero RESPONSE_CODE and DECLINED; nothing credited', async () => {
      const { phone, id, landed } = await threeDSecure('/cashin', '123');
      expect(landed.pathname).toBe('/decline');
      expect(landed.searchParams.get('RESPONSE_CODE')).not.toBe('0');
      expect(landed.searchParams.get('REASON_CODE')).toBe('DECLINED');
      expect(landed.searchParams.get('OPERATION')).toBe('PAYMENT');
      const { data: operation } = await client.get('/api/operations/{id}', {
        params: { path: { id }, query: { PhoneNumber: phone } },
      });
      expect(operation.operationStatus).toBe(3);
      const { data: balance } = await client.get('/api/customers/balance', {
        params: { query: { phoneNumber: phone } },
      });
      expect(balance.balance).toBe(0);
    });

    test('merchant payment by card, code 555: its own AcceptUrl (query kept), payment.card.authorized, and NotificationUrl told', async () => {
      const { id, landed } = await threeDSecure('/pay', '555');
      expect(landed.pathname).toBe('/accept');
      expect(Object.fromEntries(landed.searchParams)).toEqual({
        order: '7',
        RESPONSE_CODE: '0',
        REASON_CODE: 'SUCCESS',
        OPERATION: 'PAYMENT',
      });
      expect(await delivered(receiver, 'payment.card.authorized', id)).toMatchObject({ OperationStatus: 2 });
      expect(await delivered(notifications, undefined, id)).toMatchObject({
        OperationStatus: 2,
        Amount: 80,
        ExternalReference: 'ORDER-7',
        RESPONSE_CODE: '0',
        REASON_CODE: 'SUCCESS',
      });
    });

    test('merchant payment by card, another code: its own DeclineUrl, and NotificationUrl told of the failure', async () => {
      const { id, landed } = await threeDSecure('/pay', '000');
      expect(landed.pathname).toBe('/decline');
      expect(landed.searchParams.get('order')).toBe('7');
      expect(landed.searchParams.get('REASON_CODE')).toBe('DECLINED');
      expect(await delivered(notifications, undefined, id)).toMatchObject({
        OperationStatus: 3,
        REASON_CODE: 'DECLINED',
      });
    });
  },
);
