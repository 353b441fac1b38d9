import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningSandbox } from '../../../src/core/sandbox/server.js';
import { startSandbox } from '../../../src/sandbox/index.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('Novasend phone confirmation simulator', () => {
  let sandbox: RunningSandbox;
  let n = 0;
  beforeAll(async () => {
    sandbox = await startSandbox('novasend');
  });
  afterAll(() => sandbox?.close());

  async function openPayin(): Promise<string> {
    n++;
    const res = await fetch(`${sandbox.url}/v1/payin/sessions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('test_key:test_client').toString('base64')}`,
        'x-idempotency-key': `phone-${n}`,
      },
      body: JSON.stringify({
        accountId: 'acc',
        amount: 300,
        msisdn: '+2250700000001',
        customerName: 'Awa',
        country: 'CI',
        reference: `phone-${n}`,
      }),
    });
    return (await res.json()).reference;
  }

  const answer = (reference: string, decision: string) =>
    fetch(`${sandbox.url}/__sandbox/payins/${reference}/phone`, {
      method: 'POST',
      headers: FORM,
      body: `decision=${decision}`,
    });

  test('shows the request with three answers while the payin waits', async () => {
    const reference = await openPayin();
    const res = await fetch(`${sandbox.url}/__sandbox/payins/${reference}/phone`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Test page of a local paycontracts sandbox');
    expect(html).toContain('300 XOF (fee 6, charged 306)');
    for (const button of ['>Accept<', '>Decline<', '>Let it expire<']) expect(html).toContain(button);
  });

  test.each([
    ['accepted', 'processed', 'completed', 'payin.confirmed'],
    ['declined', 'processed', 'failed', 'payin.declined'],
    ['expired', 'expired', undefined, undefined],
  ])('answering %s moves the payin as the reading table says', async (decision, status, transaction, event) => {
    const reference = await openPayin();
    const res = await answer(reference, decision);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Answer sent: ${decision}.`);
    const payin = await (
      await fetch(`${sandbox.url}/v1/payin/${reference}`, {
        headers: { authorization: `Basic ${Buffer.from('test_key:test_client').toString('base64')}` },
      })
    ).json();
    expect(payin).toMatchObject({ status, confirmationStatus: decision });
    expect(payin.transaction?.status).toBe(transaction);
    const events = sandbox.webhooks.deliveries.filter((d) => JSON.stringify(d.payload).includes(reference));
    expect(events.map((d) => d.event)).toEqual(event ? [event] : []);
  });

  test('a second answer is refused on the page, and an unknown payin is a 404 page', async () => {
    const reference = await openPayin();
    await answer(reference, 'accepted');
    const again = await answer(reference, 'declined');
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('The customer can no longer answer this payin');
    const unknown = await fetch(`${sandbox.url}/__sandbox/payins/tr_unknown/phone`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('No Novasend payin tr_unknown in this sandbox.');
  });
});
