import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningSandbox } from '../../../src/core/sandbox/server.js';
import { startSandbox } from '../../../src/sandbox/index.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('AlyaPay hosted payment page simulator', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox('alyapay');
  });
  afterAll(() => sandbox?.close());

  async function openSession(): Promise<{ session_id: string; session_token: string }> {
    const res = await fetch(`${sandbox.url}/api/v1/public/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test_key' },
      body: JSON.stringify({
        total: '1799.00',
        currency: 'MAD',
        items: [{ id: 'P1', name: 'Headphones', price: 1799, quantity: 1 }],
      }),
    });
    return res.json();
  }

  test.each(['APPROVED', 'CANCELED', 'PENDING'])(
    '%s: the page shows the transaction id, readable with the token',
    async (outcome) => {
      const session = await openSession();
      const page = await fetch(`${sandbox.url}/__sandbox/sessions/${session.session_id}/checkout`);
      const html = await page.text();
      expect(html).toContain('1799.00 MAD');
      for (const button of ['>Pay<', '>Cancel payment<', '>Leave pending<']) expect(html).toContain(button);
      const res = await fetch(`${sandbox.url}/__sandbox/sessions/${session.session_id}/checkout`, {
        method: 'POST',
        headers: FORM,
        body: `outcome=${outcome}`,
      });
      expect(res.status).toBe(200);
      const id = /<code>([0-9a-f-]{36})<\/code>/.exec(await res.text())?.[1];
      expect(id).toBeDefined();
      const status = await fetch(`${sandbox.url}/api/v1/public/transactions/${id}/status`, {
        headers: { 'x-session-token': session.session_token },
      });
      expect((await status.json()).status).toBe(outcome);
    },
  );

  test('a paid session shows no payment buttons and refuses a second payment on the page', async () => {
    const session = await openSession();
    const url = `${sandbox.url}/__sandbox/sessions/${session.session_id}/checkout`;
    await fetch(url, { method: 'POST', headers: FORM, body: 'outcome=APPROVED' });
    expect(await (await fetch(url)).text()).not.toContain('>Pay<');
    const again = await fetch(url, { method: 'POST', headers: FORM, body: 'outcome=APPROVED' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('The session was already paid.');
    const unknown = await fetch(`${sandbox.url}/__sandbox/sessions/sess_none/checkout`);
    expect(unknown.status).toBe(404);
  });
});
