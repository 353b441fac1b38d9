import { expect, test } from 'vitest';
import { OperationStatus, OperationType, Sens } from '../../generated/chari-money/enums.js';
import { WebhookVerificationError } from '../../src/core/webhooks.js';
import { verifyChariMoneyWebhook } from '../../src/providers/chari-money/index.js';
import { behaviourSuite, needsControl } from '../support/behaviour-target.js';
import {
  balanceOf,
  CASH_REQUEST_LIFETIME,
  cardCashIn,
  chari,
  eventsOf,
  fund,
  newPhone,
  onboard,
  PRINCIPAL_CODE,
  receivedEvents,
  refusal,
  TEST_CARD,
} from './scenario-helpers.js';

behaviourSuite('chari-money', (h) => {
  test('operations of a customer: every filter (OperationType list, TransactionStatus, Sens, From/To), paging with { collection, count }, paginate walks all pages', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const [me, friend] = [await onboard(h), await onboard(h)];
    const start = new Date().toISOString();
    await fund(h, me, 500); // CASHIN, completed, credit
    await fund(h, friend, 100);
    for (const Amount of [10, 20, 30]) {
      await client.post('/api/operations/transfer', {
        body: { CustomerPhoneNumber: me, RecipientPhoneNumber: friend, Amount, Reason: 'Part' },
      }); // TRANSFER, debit
    }
    await client.post('/api/operations/transfer', {
      body: { CustomerPhoneNumber: friend, RecipientPhoneNumber: me, Amount: 5, Reason: 'Retour' },
    }); // TRANSFER, credit
    const { data: open } = await client.post('/api/operations/cashin/card', {
      params: { query: { PhoneNumber: me } },
      body: cardCashIn(1),
    }); // CASHIN, open
    await h.control.completeChariMoneyThreeDSecure(
      (
        await client.post('/api/operations/cashin/card', {
          params: { query: { PhoneNumber: me } },
          body: cardCashIn(2),
        })
      ).data.operationId!,
      '111',
    ); // failed

    const list = async (query: Record<string, unknown>) =>
      (await client.get('/api/operations', { params: { query: { PhoneNumber: me, PageSize: 50, ...query } } })).data;
    const all = await list({});
    expect(all.count).toBe(7);
    expect(all.collection.every((op) => op.accountNumber === me)).toBe(true);
    expect(
      all.collection.map((op) => op.operationId),
      'newest first',
    ).toEqual([...all.collection.map((op) => op.operationId)].sort((a, b) => b - a));
    expect((await list({ OperationType: [OperationType.TRANSFER] })).count).toBe(4);
    expect((await list({ OperationType: [OperationType.TRANSFER, OperationType.CASHIN] })).count).toBe(7);
    expect((await list({ OperationType: [OperationType.BANK_TRANSFER] })).count).toBe(0);
    expect((await list({ TransactionStatus: OperationStatus.OPEN })).collection.map((op) => op.operationId)).toEqual([
      open.operationId,
    ]);
    expect((await list({ TransactionStatus: OperationStatus.FAILED })).count).toBe(1);
    expect((await list({ Sens: Sens.DEBIT })).collection.map((op) => op.amount).sort()).toEqual([10, 20, 30]);
    expect(
      (await list({ Sens: Sens.CREDIT, OperationType: [OperationType.TRANSFER] })).collection.map((op) => op.amount),
    ).toEqual([5]);
    expect((await list({ From: start })).count).toBe(7);
    expect((await list({ To: start })).count).toBe(0);
    await h.control.advanceClock(3600);
    const later = new Date(Date.now() + 1800_000).toISOString();
    await client.post('/api/operations/transfer', {
      body: { CustomerPhoneNumber: me, RecipientPhoneNumber: friend, Amount: 1, Reason: 'Plus tard' },
    });
    expect((await list({ From: later })).collection.map((op) => op.amount)).toEqual([1]);
    expect((await list({ From: start, To: later })).count).toBe(7);

    const page1 = await list({ PageSize: 3, PageNumber: 1 });
    const page3 = await list({ PageSize: 3, PageNumber: 3 });
    expect([page1.collection.length, page1.count, page3.collection.length, page3.count]).toEqual([3, 8, 2, 8]);
    expect(
      (await client.get('/api/operations', { params: { query: { PhoneNumber: me } } })).data.collection,
      'PageSize defaults to 10',
    ).toHaveLength(8);
    const walked = [];
    for await (const op of client.paginate('/api/operations', { params: { query: { PhoneNumber: me, PageSize: 3 } } }))
      walked.push(op.operationId);
    expect(walked).toEqual((await list({})).collection.map((op) => op.operationId));

    // By id, from the customer's side; by partner, everything once.
    const transfer = (await list({ OperationType: [OperationType.TRANSFER], Sens: Sens.CREDIT })).collection[0]!;
    expect(
      (
        await client.get('/api/operations/{id}', {
          params: { path: { id: transfer.operationId }, query: { PhoneNumber: friend } },
        })
      ).data,
    ).toMatchObject({ sens: Sens.DEBIT, accountNumber: friend, amount: 5 });
    expect(
      await refusal(
        client.get('/api/operations/{id}', { params: { path: { id: 999999 }, query: { PhoneNumber: me } } }),
      ),
    ).toEqual([400, 20006]);
    expect(await refusal(client.get('/api/operations', { params: { query: { PhoneNumber: newPhone() } } }))).toEqual([
      404, 20005,
    ]);
    const partner = (await client.get('/api/operations/all', { params: { query: { PhoneNumber: me, PageSize: 100 } } }))
      .data;
    expect(partner.count).toBe(9);
    expect(partner.collection.filter((op) => op.operationType === OperationType.TRANSFER).map((op) => op.sens)).toEqual(
      [Sens.DEBIT, Sens.DEBIT, Sens.DEBIT, Sens.DEBIT, Sens.DEBIT],
    );
  });

  test('cash-in by reference: a numeric reference, looked up, executed by the network simulator (cashin.network.executed), and only once', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const customer = await onboard(h);
    const { data: request } = await client.post('/api/operations/cashin/request', {
      body: { PhoneNumber: customer, Amount: 150 },
    });
    expect(request).toMatchObject({
      reference: expect.stringMatching(/^[0-9]+$/),
      operationType: 1,
      operationStatus: OperationStatus.OPEN,
      amount: 150,
      phoneNumber: customer,
    });
    expect(
      (await client.get('/api/operations/cashin/request', { params: { query: { Reference: request.reference } } }))
        .data,
    ).toMatchObject({ type: 1, status: OperationStatus.OPEN });
    expect(
      await refusal(
        client.get('/api/operations/cashout/request', { params: { query: { Reference: request.reference } } }),
      ),
      'not a cash-out',
    ).toEqual([404, 20017]);
    expect(await balanceOf(h, customer)).toBe(0);

    const { data: simulated } = await client.post('/api/simulate/network/operations/cashin', {
      body: { reference: request.reference },
    });
    expect(simulated).toMatchObject({
      reference: request.reference,
      operationId: request.operationId,
      operationStatus: OperationStatus.COMPLETED,
    });
    expect(await balanceOf(h, customer)).toBe(150);
    expect(
      (await client.get('/api/operations/cashin/request', { params: { query: { Reference: request.reference } } })).data
        .status,
    ).toBe(OperationStatus.COMPLETED);
    const [executed] = await eventsOf(h, 'cashin.network.executed');
    expect(executed?.data).toMatchObject({
      OperationId: request.operationId,
      Reference: request.reference,
      Method: 'Network',
      NetworkName: simulated.networkName,
      Amount: 150,
    });
    expect(
      await refusal(client.post('/api/simulate/network/operations/cashin', { body: { reference: request.reference } })),
      'double execution',
    ).toEqual([404, 20017]);
    expect(
      await refusal(
        client.post('/api/operations/cashin/agent', { body: { Code: PRINCIPAL_CODE, Reference: request.reference } }),
      ),
    ).toEqual([404, 20017]);
    expect(
      await refusal(client.post('/api/simulate/network/operations/cashin', { body: { reference: '1122334455' } })),
    ).toEqual([404, 20017]);
  });

  test('retail agents: added, listed under the principal, found by code; an agent executes a cash-in from its float and a cash-out into it', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const { data: agent } = await client.post('/api/agents/retail', {
      body: {
        PhoneNumber: '+212733333333',
        Name: 'Epicerie Al Amal',
        FirstName: 'Youssef',
        LastName: 'Benali',
        Cin: 'BK123456',
        Email: 'contact@alamal.ma',
      },
    });
    expect(agent).toMatchObject({
      code: expect.any(String),
      phoneNumber: '+212733333333',
      name: 'Epicerie Al Amal',
      address: null,
    });
    expect((await client.get('/api/agents/retail/{code}', { params: { path: { code: agent.code } } })).data).toEqual(
      agent,
    );
    expect((await client.get('/api/agents/retail', { params: { query: { Code: PRINCIPAL_CODE } } })).data).toEqual({
      collection: [agent],
      count: 1,
    });
    expect(
      (
        await client.get('/api/agents/retail', {
          params: { query: { Code: PRINCIPAL_CODE, From: new Date(Date.now() + 60_000).toISOString() } },
        })
      ).data.count,
    ).toBe(0);
    expect(await refusal(client.get('/api/agents/retail/{code}', { params: { path: { code: 'AGT-NOPE' } } }))).toEqual([
      404, 20005,
    ]);
    expect(await refusal(client.get('/api/agents/principal', { params: { query: { Code: 'PA-NOPE' } } }))).toEqual([
      404, 20005,
    ]);

    const customer = await onboard(h);
    const { data: cashIn } = await client.post('/api/operations/cashin/request', {
      body: { PhoneNumber: customer, Amount: 200 },
    });
    expect(
      await refusal(
        client.post('/api/operations/cashin/agent', { body: { Code: agent.code, Reference: cashIn.reference } }),
      ),
      'an empty float',
    ).toEqual([400, 20006]);
    const { data: load } = await client.post('/api/operations/cashin/card/agent', {
      params: { query: { agent: agent.code } },
      body: cardCashIn(500),
    });
    await h.control.completeChariMoneyThreeDSecure(load.operationId!, TEST_CARD.threeDSecureCode);
    const { data: executed } = await client.post('/api/operations/cashin/agent', {
      body: { Code: agent.code, Reference: cashIn.reference },
    });
    expect(executed).toMatchObject({
      reference: cashIn.reference,
      operationType: 1,
      operationStatus: OperationStatus.COMPLETED,
      amount: 200,
      feeAmount: 0,
    });
    expect(await balanceOf(h, customer)).toBe(200);

    const { data: cashOut } = await client.post('/api/operations/cashout/request', {
      body: { PhoneNumber: customer, Amount: 50 },
    });
    expect(
      await refusal(
        client.post('/api/operations/cashout/request', { body: { PhoneNumber: customer, Amount: 200.01 } }),
      ),
      'beyond the balance',
    ).toEqual([400, 20006]);
    await client.post('/api/operations/cashout/agent', { body: { Code: agent.code, Reference: cashOut.reference } });
    expect(await balanceOf(h, customer)).toBe(150);
    const events = await receivedEvents(h);
    expect(
      events
        .filter((e) => e.event.endsWith('.network.executed'))
        .map((e) => [e.event, e.data.Method, e.data.SecondaryAccountNumber]),
    ).toEqual([
      ['cashin.network.executed', 'Agent', agent.phoneNumber],
      ['cashout.network.executed', 'Agent', agent.phoneNumber],
    ]);
    const { data: simulatedOut } = await client.post('/api/operations/cashout/request', {
      body: { PhoneNumber: customer, Amount: 25 },
    });
    await client.post('/api/simulate/network/operations/cashout', { body: { reference: simulatedOut.reference } });
    expect(await balanceOf(h, customer)).toBe(125);
    expect((await eventsOf(h, 'cashout.network.executed')).map((e) => e.data.Method)).toEqual(['Agent', 'Network']);
  });

  test('a cash reference expires: canceled after its lifetime, and no longer executable', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const customer = await onboard(h);
    const { data: request } = await client.post('/api/operations/cashin/request', {
      body: { PhoneNumber: customer, Amount: 40 },
    });
    expect(Date.parse(request.expiresAt!) - Date.now()).toBeGreaterThan((CASH_REQUEST_LIFETIME - 60) * 1000);
    await h.control.advanceClock(CASH_REQUEST_LIFETIME + 1);
    expect(
      (await client.get('/api/operations/cashin/request', { params: { query: { Reference: request.reference } } })).data
        .status,
    ).toBe(OperationStatus.CANCELED);
    expect(
      await refusal(client.post('/api/simulate/network/operations/cashin', { body: { reference: request.reference } })),
    ).toEqual([404, 20017]);
    expect(await balanceOf(h, customer)).toBe(0);
  });

  test('beneficiaries: add, duplicate 27000, search and paging, update, delete, 27001 once gone', async () => {
    const client = chari(h);
    const owner = await onboard(h);
    const query = { PhoneNumber: owner };
    const { data: aminata } = await client.post('/api/customer/beneficiaries', {
      params: { query },
      body: { Name: 'Aminata Diop', PhoneNumber: '+212722222222', Email: 'aminata.diop@example.com' },
    });
    const { data: karim } = await client.post('/api/customer/beneficiaries', {
      params: { query },
      body: { Name: 'Karim Alaoui', Rib: '011780000012345678901234' },
    });
    expect(aminata).toMatchObject({ name: 'Aminata Diop', phoneNumber: '+212722222222', rib: null });
    expect(
      await refusal(
        client.post('/api/customer/beneficiaries', {
          params: { query },
          body: { Name: 'Aminata D.', PhoneNumber: '+212722222222' },
        }),
      ),
    ).toEqual([409, 27000]);
    expect(
      await refusal(
        chari(h, { validate: 'responses' }).post('/api/customer/beneficiaries', {
          params: { query },
          body: { Name: 'Nobody' } as never,
        }),
      ),
      'a phone number or a RIB',
    ).toEqual([400, 10001]);

    expect((await client.get('/api/customer/beneficiaries', { params: { query } })).data).toEqual({
      collection: [aminata, karim],
      count: 2,
    });
    expect(
      (await client.get('/api/customer/beneficiaries', { params: { query: { ...query, Search: 'karim' } } })).data
        .collection,
    ).toEqual([karim]);
    expect(
      (await client.get('/api/customer/beneficiaries', { params: { query: { ...query, PageSize: 1, PageNumber: 2 } } }))
        .data,
    ).toEqual({ collection: [karim], count: 2 });

    const { data: updated } = await client.put('/api/customer/beneficiaries/{id}', {
      params: { path: { id: karim.id }, query },
      body: { Name: 'Karim Alaoui', Rib: '011780000012345678901234', PhoneNumber: '+212744444444' },
    });
    expect(updated).toMatchObject({ id: karim.id, phoneNumber: '+212744444444' });
    expect(
      await refusal(
        client.put('/api/customer/beneficiaries/{id}', {
          params: { path: { id: karim.id }, query },
          body: { Name: 'Karim', PhoneNumber: '+212722222222' },
        }),
      ),
    ).toEqual([409, 27000]);
    expect(
      (await client.delete('/api/customer/beneficiaries/{id}', { params: { path: { id: aminata.id }, query } })).data,
    ).toBe(true);
    expect(
      await refusal(client.delete('/api/customer/beneficiaries/{id}', { params: { path: { id: aminata.id }, query } })),
    ).toEqual([404, 27001]);
    expect(
      await refusal(
        client.put('/api/customer/beneficiaries/{id}', {
          params: { path: { id: aminata.id }, query },
          body: { Name: 'Aminata Diop' },
        }),
      ),
    ).toEqual([404, 27001]);
    const other = await onboard(h);
    expect(
      await refusal(
        client.delete('/api/customer/beneficiaries/{id}', {
          params: { path: { id: karim.id }, query: { PhoneNumber: other } },
        }),
      ),
      "another customer's",
    ).toEqual([404, 27001]);
  });

  test("webhooks carry the partner's key in X-Api-Key and a C-Webhook-Id; Chari documents no retry schedule, so a failed delivery is attempted once", async (ctx) => {
    needsControl(ctx, h);
    const [sender, recipient] = [await onboard(h), await onboard(h)];
    await fund(h, sender, 100);
    await h.control.webhooks(); // waits for the deliveries under way
    const [delivery] = h.receiver.received;
    expect(delivery?.headers['x-api-key']).toBe(h.webhookSecret);
    expect(delivery?.headers['c-webhook-id']).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{8}){3}$/);
    expect(delivery?.headers['user-agent']).toBe('Chari-BAAS-Webhook/1.0');
    expect(() => verifyChariMoneyWebhook(delivery!.body, delivery!.headers, 'someone-elses-key')).toThrow(
      WebhookVerificationError,
    );

    h.receiver.failNext(1);
    const { data } = await chari(h).post('/api/operations/transfer', {
      body: { CustomerPhoneNumber: sender, RecipientPhoneNumber: recipient, Amount: 10, Reason: 'x' },
    });
    await h.control.advanceClock(24 * 3600);
    const [missed] = await h.control.webhooks('transfer.received');
    expect(missed).toMatchObject({
      state: 'failed',
      lastStatus: 500,
      attempts: [expect.objectContaining({ status: 500 })],
    });
    expect((missed!.payload as { data: { OperationId: number } }).data.OperationId).toBe(data.operationId);
    expect(h.receiver.received.filter((r) => r.body.includes('"transfer.received"'))).toHaveLength(1);
  });
});
