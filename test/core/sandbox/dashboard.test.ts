import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningSandbox } from '../../../src/core/sandbox/server.js';
import type { NovasendState } from '../../../src/providers/novasend/sandbox/state.js';
import { startSandbox } from '../../../src/sandbox/index.js';

/** Resource rows on one dashboard page, as the page's own constant does not say (written by hand). */
const ROWS_PER_PAGE = 50;
const PAYINS = 10_000;

describe('the dashboard stays small with 10,000 payins', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox('novasend');
    const state = sandbox.state() as NovasendState;
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < PAYINS; i++) {
      const reference = `tr_load${String(i).padStart(5, '0')}`;
      state.payins.set(reference, {
        reference,
        customerReference: `ord-${i}`,
        accountId: 'acc',
        amount: 300,
        fee: 6,
        chargedAmount: 306,
        msisdn: '+2250700000001',
        customerName: 'Awa',
        country: 'CI',
        currency: 'XOF',
        paymentUrl: 'https://link.novasend.app/link/abc',
        createdAt: start + i * 1000,
        status: 'processing',
        confirmationStatus: 'none',
        transaction: null,
        failure: null,
      });
    }
  });
  afterAll(() => sandbox?.close());

  test('one page of resources, newest first, with a link to the older ones', async () => {
    const res = await fetch(`${sandbox.url}/__sandbox/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('Resources (10000), newest first');
    expect(html.match(/\/__sandbox\/resources\/payins\/tr_load/g)).toHaveLength(ROWS_PER_PAGE);
    expect(html).toContain('tr_load09999');
    expect(html).not.toContain('tr_load09949');
    expect(html.length).toBeLessThan(80_000);
    const older = /href="([^"]*\?resources=[^"#]+)#resources"/.exec(html)?.[1];
    expect(older).toBeDefined();
    const next = await (await fetch((older ?? '').replace(/&#38;/g, '&'))).text();
    expect(next).toContain('tr_load09949');
    expect(next).not.toContain('tr_load09950');
  });

  test('a cursor it did not issue gets a page that says so', async () => {
    const res = await fetch(`${sandbox.url}/__sandbox/?requests=bogus`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('was not issued by this sandbox');
  });

  test('the clock form advances the sandbox clock; a bound it passes is refused on the page', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const before = sandbox.clock.aheadSeconds;
    const res = await fetch(`${sandbox.url}/__sandbox`, { method: 'POST', headers: form, body: 'seconds=3600' });
    expect(res.status).toBe(200);
    expect(sandbox.clock.aheadSeconds - before).toBeCloseTo(3600, 0);
    const refused = await fetch(`${sandbox.url}/__sandbox`, {
      method: 'POST',
      headers: form,
      body: 'seconds=9999999999',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('at most 100 years');
  });
});
