import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../contract-tests/support/webhook-receiver.js';
import { createChariPayClient, verifyChariPayWebhook } from '../../src/providers/chari-pay/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { HAS_CHROMIUM, launchChromium } from './chromium.js';

// The sandbox dashboard and the customer simulators in Chromium. Expected values are written by hand: the Chari Pay
// success test card (tok_success) captures and sends payment.completed; Novasend's reading table (accepted →
// processed / completed, declined → processed / failed); AlyaPay's APPROVED transaction status.
const API_KEY = 'sk_test_DashboardKey_9f3a2b7c';
const WEBHOOK_SECRET = 'whsec_dashboard_browser';
const NOVASEND_AUTH = `Basic ${Buffer.from('test_key:test_client').toString('base64')}`;

/** Deliveries the receiver got for a Chari Pay payment, each verified with the merchant's secret. */
function verifiedFor(receiver: WebhookReceiver, id: string) {
  return receiver.received
    .map((d) => verifyChariPayWebhook(d.body, d.headers, WEBHOOK_SECRET))
    .filter((v) => v.payload.data.id === id);
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!HAS_CHROMIUM)('the sandbox dashboard and customer simulators in Chromium', () => {
  let browser: Browser;
  let receiver: WebhookReceiver;
  let chariPay: RunningSandbox;
  let novasend: RunningSandbox;
  let alyapay: RunningSandbox;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    chariPay = await startSandbox('chari-pay', {
      webhookUrl: receiver.url,
      webhookSecret: WEBHOOK_SECRET,
      credentials: { SecretKey: API_KEY },
    });
    novasend = await startSandbox('novasend');
    alyapay = await startSandbox('alyapay');
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([chariPay?.close(), novasend?.close(), alyapay?.close()]);
    await receiver?.close();
  });

  async function withPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext();
    try {
      return await run(await context.newPage());
    } finally {
      await context.close();
    }
  }

  test('lists the payment, resends its webhook with a signature that verifies, and never shows the API key', async () => {
    const client = createChariPayClient({ baseUrl: chariPay.url, secretKey: API_KEY, maxRetries: 0 });
    const { data: payment } = await client.post('/v1/payments', {
      body: { amount: 15000, currency: 'MAD', reference: 'ORDER-DASH-1', payment_method: 'tok_success' },
    });
    await until(() => verifiedFor(receiver, payment.id).length === 1, 'the first delivery');
    await withPage(async (page) => {
      await page.goto(`${chariPay.url}/__sandbox/`);
      const row = page.locator('#resources').getByRole('row').filter({ hasText: payment.id });
      expect(await row.textContent()).toContain('captured');
      expect(await row.textContent()).toContain('150.00 MAD');
      const html = await page.content();
      expect(html).not.toContain(API_KEY);
      const requests = await page.locator('#requests tbody').textContent();
      expect(requests).toContain('/v1/payments');
      expect(requests).toContain('201');
      await page.getByRole('button', { name: /^Resend payment\.completed/ }).click();
      await page.waitForURL(`${chariPay.url}/__sandbox#webhooks`);
      await until(() => verifiedFor(receiver, payment.id).length === 2, 'the resent delivery');
      const [first, second] = verifiedFor(receiver, payment.id);
      expect(second?.event).toBe('payment.completed');
      expect(second?.payload).toEqual(first?.payload);
      expect(await page.locator('#webhooks tbody tr').count()).toBe(2);
      await row.getByRole('link', { name: payment.id }).click();
      expect(JSON.parse((await page.locator('body').textContent()) ?? '{}')).toMatchObject({
        kind: 'payments',
        id: payment.id,
        body: { status: 'captured', reference: 'ORDER-DASH-1' },
      });
    });
  });

  test.each([
    ['Accept', 'accepted', 'completed'],
    ['Decline', 'declined', 'failed'],
  ])('Novasend: %s on the phone simulator, reached from the dashboard', async (button, decision, transaction) => {
    const res = await fetch(`${novasend.url}/v1/payin/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: NOVASEND_AUTH, 'x-idempotency-key': decision },
      body: JSON.stringify({
        accountId: 'acc',
        amount: 300,
        msisdn: '+2250700000001',
        customerName: 'Awa',
        country: 'CI',
        reference: `dash-${decision}`,
      }),
    });
    const { reference } = await res.json();
    await withPage(async (page) => {
      await page.goto(`${novasend.url}/__sandbox/`);
      await page
        .locator('#resources')
        .getByRole('row')
        .filter({ hasText: reference })
        .getByRole('link', { name: 'Customer simulator' })
        .click();
      await page.getByRole('button', { name: button, exact: true }).click();
      await page.getByText(`Answer sent: ${decision}.`).waitFor();
      expect(await page.locator('main').textContent()).toContain(transaction);
    });
    const payin = await (
      await fetch(`${novasend.url}/v1/payin/${reference}`, { headers: { authorization: NOVASEND_AUTH } })
    ).json();
    expect(payin).toMatchObject({ status: 'processed', confirmationStatus: decision });
    expect(payin.transaction.status).toBe(transaction);
  });

  test.each([
    ['Pay', 'APPROVED'],
    ['Cancel payment', 'CANCELED'],
  ])('AlyaPay: %s on the hosted payment simulator, reached from the dashboard → %s', async (button, outcome) => {
    const res = await fetch(`${alyapay.url}/api/v1/public/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test_key' },
      body: JSON.stringify({
        total: '1799.00',
        currency: 'MAD',
        items: [{ id: 'P1', name: 'Headphones', price: 1799, quantity: 1 }],
      }),
    });
    const session = await res.json();
    const transactionId = await withPage(async (page) => {
      await page.goto(`${alyapay.url}/__sandbox/`);
      await page
        .locator('#resources')
        .getByRole('row')
        .filter({ hasText: session.session_id })
        .getByRole('link', { name: 'Customer simulator' })
        .click();
      expect(await page.locator('main').textContent()).toContain('1799.00 MAD');
      await page.getByRole('button', { name: button, exact: true }).click();
      await page.getByText(`Payment ${outcome}`).waitFor();
      return page.locator('[role="status"] code').textContent();
    });
    const status = await fetch(`${alyapay.url}/api/v1/public/transactions/${transactionId}/status`, {
      headers: { 'x-session-token': session.session_token },
    });
    expect((await status.json()).status).toBe(outcome);
  });
});
