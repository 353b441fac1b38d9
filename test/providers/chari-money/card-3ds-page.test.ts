import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../../contract-tests/support/webhook-receiver.js';
import { type ChariMoneyClient, createChariMoneyClient } from '../../../src/providers/chari-money/index.js';
import { type RunningSandbox, SandboxControl, startSandbox } from '../../../src/sandbox/index.js';

// The Chari Money 3-D Secure page and the merchant payment's options, without a browser. Expected values are the
// document's (code 555; RESPONSE_CODE 0 = success; OperationStatus 1 OPEN, 2 COMPLETED, 3 FAILED) or the spec's
// marked inferences (AutoCapture false authorizes only; 3dSecure false charges at once).
const CARD = { FirstName: 'Amine', LastName: 'Benali', Cvv: '123', Pan: '4918914107195005', ExpiryDate: '2608' };
const SHOP = 'http://127.0.0.1:9/shop';
let sandbox: RunningSandbox;
let client: ChariMoneyClient;
let control: SandboxControl;
let receiver: WebhookReceiver;
let phones = 0;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startSandbox('chari-money', { webhookUrl: receiver.url });
  client = createChariMoneyClient({ baseUrl: sandbox.url, apiKey: 'test_key', maxRetries: 0 });
  control = new SandboxControl(sandbox.url);
}, 30_000);

afterAll(async () => {
  await sandbox?.close();
  await receiver?.close();
});

async function merchant(): Promise<string> {
  phones += 1;
  const phoneNumber = `+2126${String(72_000_000 + phones)}`;
  await client.post('/api/customers/register', {
    body: { phoneNumber, firstName: 'Boutique', lastName: 'Benali', cin: 'AB123456', walletType: 'C' },
  });
  await client.post('/api/customers/confirm', { body: { phoneNumber, code: '123-456', walletType: 'C' } });
  await client.post('/api/customers/pin', { body: { phoneNumber, pin: '1234' } });
  return phoneNumber;
}

async function pay(phone: string, options: Record<string, unknown>) {
  const { data } = await client.post('/api/operations/merchant/payment/card', {
    params: { query: { PhoneNumber: phone } },
    body: { ...CARD, Amount: 50, KeepAlive: false, ...options },
  });
  return { url: data.redirectionURL, id: Number(data.operationId) };
}

const submit = (url: string, code: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ code }),
    redirect: 'manual',
  });

const statusOf = async (phone: string, id: number) =>
  (await client.get('/api/operations/{id}', { params: { path: { id }, query: { PhoneNumber: phone } } })).data
    .operationStatus;

const balanceOf = async (phone: string) =>
  (await client.get('/api/customers/balance', { params: { query: { phoneNumber: phone } } })).data.balance;

async function eventsFor(id: number): Promise<string[]> {
  const deliveries = await control.webhooks();
  return deliveries
    .filter((d) => (d.payload as { data?: { OperationId?: number } }).data?.OperationId === id)
    .map((d) => d.event)
    .sort();
}

describe('AutoCapture', () => {
  test('false: 555 authorizes only — OPEN, nothing credited, payment.card.authorized without payment.received', async () => {
    const phone = await merchant();
    const { url, id } = await pay(phone, { AutoCapture: false, AcceptUrl: `${SHOP}/ok` });
    const res = await submit(url, '555');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${SHOP}/ok?RESPONSE_CODE=0&REASON_CODE=SUCCESS&OPERATION=PAYMENT`);
    expect(await statusOf(phone, id)).toBe(1);
    expect(await balanceOf(phone)).toBe(0);
    expect(await eventsFor(id)).toEqual(['payment.card.authorized']);
    expect((await submit(url, '555')).status, 'an authorized payment takes no second code').toBe(409);
  });

  test('left out: 555 captures — COMPLETED, credited, payment.card.authorized and payment.received', async () => {
    const phone = await merchant();
    const { url, id } = await pay(phone, {});
    expect((await submit(url, '555')).status).toBe(200);
    expect(await statusOf(phone, id)).toBe(2);
    expect(await balanceOf(phone)).toBe(50);
    expect(await eventsFor(id)).toEqual(['payment.card.authorized', 'payment.received']);
  });
});

describe('3dSecure: false', () => {
  test('charges at once: redirectionURL is the AcceptUrl with the success parameters, the payment is COMPLETED', async () => {
    const phone = await merchant();
    const { url, id } = await pay(phone, { '3dSecure': false, AcceptUrl: `${SHOP}/ok` });
    expect(url).toBe(`${SHOP}/ok?RESPONSE_CODE=0&REASON_CODE=SUCCESS&OPERATION=PAYMENT`);
    expect(await statusOf(phone, id)).toBe(2);
    expect(await balanceOf(phone)).toBe(50);
  });

  test('without a return URL, redirectionURL is the sandbox page, which reports the finished payment', async () => {
    const phone = await merchant();
    const { url } = await pay(phone, { '3dSecure': false });
    expect(url.startsWith(`${sandbox.url}/__sandbox/3ds/`)).toBe(true);
    const page = await fetch(url);
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('already finished 3-D Secure (status COMPLETED)');
  });
});

describe('the 3-D Secure page', () => {
  test('an unknown reference gets a 404 page that says so', async () => {
    for (const res of [
      await fetch(`${sandbox.url}/__sandbox/3ds/0badc0de`),
      await submit(`${sandbox.url}/__sandbox/3ds/0badc0de`, '555'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('No card operation of this sandbox has the 3-D Secure reference "0badc0de"');
    }
  });

  test('a completed operation gets a 409 page, and neither the page nor the JSON call takes a second code', async () => {
    const phone = await merchant();
    const { url, id } = await pay(phone, {});
    const page = await (await fetch(url)).text();
    expect(page).toContain('<label for="code">3-D Secure code</label>');
    expect((await submit(url, '555')).status).toBe(200);
    const again = await submit(url, '555');
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(`Operation ${id} already finished 3-D Secure (status COMPLETED)`);
    await expect(control.completeChariMoneyThreeDSecure(id, '555')).rejects.toThrow(/already finished/);
    expect(await balanceOf(phone), 'credited once').toBe(50);
  });

  test('an empty code is asked again; a wrong one goes to the partner declineURL with RESPONSE_CODE 1 and DECLINED', async () => {
    const phone = await merchant();
    const { url, id } = await pay(phone, {});
    expect((await submit(url, ' ')).status).toBe(400);
    expect(await statusOf(phone, id)).toBe(1);
    await control.setChariMoneyPartnerRedirectUrls({ declineURL: `${SHOP}/no` });
    const res = await submit(url, '999');
    expect(res.headers.get('location')).toBe(`${SHOP}/no?RESPONSE_CODE=1&REASON_CODE=DECLINED&OPERATION=PAYMENT`);
    expect(await statusOf(phone, id)).toBe(3);
    await control.setChariMoneyPartnerRedirectUrls({});
  });
});
