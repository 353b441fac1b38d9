import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningSandbox, SandboxControl, startSandbox } from '../../../src/sandbox/index.js';

// The 3-D Secure challenge page a customer's browser opens at next_action.redirect_url, without a browser: what it
// shows, where its form sends the customer, and the HTML pages for a challenge that cannot be answered.
// Expected values are written by hand: the spec's 3-D Secure challenge test card (x-test-cards), its failure code
// after a failed challenge (authentication_failed) and after 15 minutes unanswered (NextAction x-expiry,
// authentication_abandoned), and the return query it infers (ThreeDSecureReturnQuery: payment_id, status).
const CHALLENGE_TOKEN = 'tok_3ds_challenge';
const SUCCESS_TOKEN = 'tok_success';
const FORM = 'application/x-www-form-urlencoded';

let sandbox: RunningSandbox;
let control: SandboxControl;
beforeAll(async () => {
  sandbox = await startSandbox('chari-pay');
  control = new SandboxControl(sandbox.url);
});
afterAll(() => sandbox?.close());

// biome-ignore lint/suspicious/noExplicitAny: a raw payment, read field by field in the assertions
async function createPayment(token: string, extra: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(`${sandbox.url}/v1/payments`, {
    method: 'POST',
    headers: { authorization: 'Bearer test_key', 'content-type': 'application/json' },
    body: JSON.stringify({
      amount: 15000,
      currency: 'MAD',
      reference: `ORDER-${randomUUID()}`,
      payment_method: token,
      ...extra,
    }),
  });
  expect(response.status).toBe(201);
  return response.json();
}

async function paymentStatus(id: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/v1/payments/${id}`, { headers: { authorization: 'Bearer test_key' } });
  return ((await response.json()) as { status: string }).status;
}

function submit(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': FORM, ...headers }, body });
}

describe('the challenge page at next_action.redirect_url', () => {
  test('is an HTML page of this sandbox showing the amount, currency and reference, with the two buttons', async () => {
    const payment = await createPayment(CHALLENGE_TOKEN, { reference: 'ORDER-<b>&1' });
    expect(payment.next_action.redirect_url).toBe(`${sandbox.url}/__sandbox/payments/${payment.id}/3ds/challenge`);
    const page = await fetch(payment.next_action.redirect_url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // Under no-referrer a browser would post the page's own form with `Origin: null`, which the sandbox refuses.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    const html = await page.text();
    expect(html).toContain('150.00 MAD');
    expect(html).toContain('ORDER-&#60;b&#62;&#38;1');
    expect(html).toContain('<button type="submit" name="result" value="success">Complete authentication</button>');
    expect(html).toContain('value="failure" class="secondary">Fail authentication</button>');
    expect(html).toContain(`<form method="post" action="${payment.next_action.redirect_url}">`);
    expect(html).toContain('Test page of a local paycontracts sandbox');
  });

  test('its form sends the customer to return_url with payment_id and status, keeping the query already there', async () => {
    const payment = await createPayment(CHALLENGE_TOKEN, { return_url: 'https://mysite.ma/payment/return?order=42' });
    const answered = await submit(payment.next_action.redirect_url, 'result=success');
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toBe(
      `https://mysite.ma/payment/return?order=42&payment_id=${payment.id}&status=captured`,
    );
    expect(await paymentStatus(payment.id)).toBe('captured');
  });

  test('a manual-capture payment comes back authorized; a failed challenge comes back failed', async () => {
    const manual = await createPayment(CHALLENGE_TOKEN, {
      capture_method: 'manual',
      return_url: 'https://mysite.ma/payment/return',
    });
    const passed = await submit(manual.next_action.redirect_url, 'result=success');
    expect(passed.headers.get('location')).toBe(
      `https://mysite.ma/payment/return?payment_id=${manual.id}&status=authorized`,
    );
    const declined = await createPayment(CHALLENGE_TOKEN, { return_url: 'https://mysite.ma/payment/return' });
    const failed = await submit(declined.next_action.redirect_url, 'result=failure');
    expect(failed.headers.get('location')).toBe(
      `https://mysite.ma/payment/return?payment_id=${declined.id}&status=failed`,
    );
    expect(await paymentStatus(declined.id)).toBe('failed');
  });

  test('without a return_url (or with one that is not http), the page shows the outcome itself', async () => {
    for (const extra of [{}, { return_url: 'javascript:alert(1)' }]) {
      const payment = await createPayment(CHALLENGE_TOKEN, extra);
      const answered = await submit(payment.next_action.redirect_url, 'result=failure');
      expect(answered.status).toBe(200);
      expect(answered.headers.get('location')).toBeNull();
      const html = await answered.text();
      expect(html).toContain('Authentication failed');
      expect(html).toContain('authentication_failed');
      expect(html).not.toContain('javascript:');
    }
  });
});

describe('a challenge that cannot be answered gets an HTML page that says why', () => {
  test('unknown payment id: 404, for the page and its form', async () => {
    const url = `${sandbox.url}/__sandbox/payments/pay_nonexistent/3ds/challenge`;
    for (const response of [await fetch(url), await submit(url, 'result=success')]) {
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('This sandbox holds no Chari Pay payment <code>pay_nonexistent</code>');
    }
  });

  test('already completed (here through the JSON control call): 409, and a second answer changes nothing', async () => {
    const payment = await createPayment(CHALLENGE_TOKEN, { return_url: 'https://mysite.ma/payment/return' });
    expect((await control.completeChariPayThreeDSecure(payment.id, 'success')).status).toBe('captured');
    const page = await fetch(payment.next_action.redirect_url);
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('is <code>captured</code>: it is not waiting for 3-D Secure');
    const again = await submit(payment.next_action.redirect_url, 'result=failure');
    expect(again.status).toBe(409);
    expect(await paymentStatus(payment.id)).toBe('captured');
  });

  test('a payment that never needed 3-D Secure: 409', async () => {
    const payment = await createPayment(SUCCESS_TOKEN);
    const page = await fetch(`${sandbox.url}/__sandbox/payments/${payment.id}/3ds/challenge`);
    expect(page.status).toBe(409);
  });

  test('left unanswered 15 minutes on the sandbox clock: 410, the payment failed authentication_abandoned', async () => {
    const payment = await createPayment(CHALLENGE_TOKEN, { return_url: 'https://mysite.ma/payment/return' });
    await control.advanceClock(15 * 60);
    const page = await fetch(payment.next_action.redirect_url);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('Authentication expired');
    expect(html).toContain('authentication_abandoned');
    expect(html).toContain(`href="https://mysite.ma/payment/return?payment_id=${payment.id}&#38;status=failed"`);
    const late = await submit(payment.next_action.redirect_url, 'result=success');
    expect(late.status).toBe(410);
    expect(await paymentStatus(payment.id)).toBe('failed');
  });
});

describe('the form is refused when it does not come from the page', () => {
  test('another content type: 415, the payment still waits', async () => {
    const payment = await createPayment(CHALLENGE_TOKEN);
    const json = await fetch(payment.next_action.redirect_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ result: 'success' }),
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    expect(await paymentStatus(payment.id)).toBe('requires_action');
  });

  test("another origin's page posting the form: 403, the payment still waits", async () => {
    const payment = await createPayment(CHALLENGE_TOKEN);
    const foreign = await submit(payment.next_action.redirect_url, 'result=success', {
      origin: 'http://attacker.example',
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'cross_origin_refused' } });
    expect(await paymentStatus(payment.id)).toBe('requires_action');
  });

  test('a result the page never offers: 400, the payment still waits', async () => {
    const payment = await createPayment(CHALLENGE_TOKEN);
    const odd = await submit(payment.next_action.redirect_url, 'result=maybe');
    expect(odd.status).toBe(400);
    expect(await paymentStatus(payment.id)).toBe('requires_action');
  });
});
