import { expect, test } from 'vitest';
import { OperationStatus, OperationType } from '../../generated/chari-money/enums.js';
import { behaviourSuite, needsControl } from '../support/behaviour-target.js';
import {
  BALANCE_LIMITS,
  balanceOf,
  cardCashIn,
  chari,
  eventsOf,
  FUTURE_EXPIRY,
  fund,
  onboard,
  PRINCIPAL_CODE,
  receivedEvents,
  refusal,
  TEST_CARD,
  unchecked,
} from './scenario-helpers.js';

behaviourSuite('chari-money', (h) => {
  const operation = async (phoneNumber: string, id: number) =>
    (await chari(h).get('/api/operations/{id}', { params: { path: { id }, query: { PhoneNumber: phoneNumber } } }))
      .data;

  test('card cash-in with 3-D Secure: preview moves nothing, execute opens the operation, code 555 credits the wallet, saves the card and sends cashin.card.authorized', async (ctx) => {
    const client = chari(h);
    const phoneNumber = await onboard(h);
    const preview = await client.post('/api/operations/cashin/card/preview', {
      params: { query: { PhoneNumber: phoneNumber } },
      body: { Amount: 250.5 },
    });
    expect(preview.data).toEqual({ amount: 250.5, feeAmount: 0, totalAmount: 250.5 });
    expect(await balanceOf(h, phoneNumber)).toBe(0);

    const { data: redirect } = await client.post('/api/operations/cashin/card', {
      params: { query: { PhoneNumber: phoneNumber } },
      body: cardCashIn(250.5, { KeepAlive: true, CardName: 'Ma carte Visa', Currency: 'MAD' }),
      requestId: 'trace-cashin-1',
    });
    // The sandbox serves its own 3-D Secure page; the real API answers Chari's host.
    if (h.target === 'sandbox') expect(redirect.redirectionURL.startsWith(`${h.baseUrl}/__sandbox/3ds/`)).toBe(true);
    else expect(['https:', 'http:']).toContain(new URL(redirect.redirectionURL).protocol);
    expect(await operation(phoneNumber, redirect.operationId!)).toMatchObject({
      operationStatus: OperationStatus.OPEN,
      operationType: OperationType.CASHIN,
      amount: 250.5,
    });
    expect(await balanceOf(h, phoneNumber), 'nothing is credited before 3-D Secure').toBe(0);
    expect(
      (await client.get('/api/customers/tokenized/cards', { params: { query: { PhoneNumber: phoneNumber } } })).data
        .count,
    ).toBe(0);

    needsControl(ctx, h);
    expect(await eventsOf(h, 'cashin.card.authorized')).toEqual([]);
    const passed = await h.control.completeChariMoneyThreeDSecure(redirect.operationId!, TEST_CARD.threeDSecureCode);
    expect(passed).toMatchObject({ operationId: redirect.operationId, operationStatus: OperationStatus.COMPLETED });
    expect(await balanceOf(h, phoneNumber)).toBe(250.5);
    expect(await operation(phoneNumber, redirect.operationId!)).toMatchObject({
      operationStatus: OperationStatus.COMPLETED,
      transactionStatus: OperationStatus.COMPLETED,
      totalAmount: 250.5,
    });

    const [authorized, ...others] = await eventsOf(h, 'cashin.card.authorized');
    expect(others).toEqual([]);
    expect(authorized!.data).toMatchObject({
      OperationId: redirect.operationId,
      OperationType: OperationType.CASHIN,
      OperationStatus: OperationStatus.COMPLETED,
      Amount: 250.5,
      FeeAmount: 0,
      PrimaryAccountNumber: phoneNumber,
      Method: 'Card',
      CRequestId: 'trace-cashin-1',
      GatewayOrderId: expect.any(String),
      GatewayTrackId: expect.any(String),
    });
    expect(authorized!.headers['x-api-key']).toBe(h.webhookSecret);
    expect(authorized!.headers['c-webhook-id']).toBe(String(authorized!.data.WebhookId));

    // KeepAlive: the card is saved, masked, and a later cash-in needs only its CVV.
    const { data: cards } = await client.get('/api/customers/tokenized/cards', {
      params: { query: { PhoneNumber: phoneNumber } },
    });
    expect(cards).toEqual({
      count: 1,
      collection: [
        expect.objectContaining({
          maskedPan: `************${TEST_CARD.number.slice(-4)}`,
          scheme: 'Visa',
          cardName: 'Ma carte Visa',
        }),
      ],
    });
    const cardId = cards.collection[0]!.customerBankCardId;
    expect(
      (
        await client.get('/api/customers/tokenized/cards/{id}', {
          params: { path: { id: cardId }, query: { PhoneNumber: phoneNumber } },
        })
      ).data.customerBankCardId,
    ).toBe(cardId);
    const { data: again } = await client.post('/api/operations/cashin/card/{cardId}', {
      params: { path: { cardId }, query: { PhoneNumber: phoneNumber } },
      body: { Cvv: TEST_CARD.cvv, Amount: 100 },
    });
    await h.control.completeChariMoneyThreeDSecure(again.operationId!, TEST_CARD.threeDSecureCode);
    expect(await balanceOf(h, phoneNumber)).toBe(350.5);
    const other = await onboard(h);
    expect(
      await refusal(
        client.post('/api/operations/cashin/card/{cardId}', {
          params: { path: { cardId }, query: { PhoneNumber: other } },
          body: { Cvv: TEST_CARD.cvv, Amount: 1 },
        }),
      ),
      "a card is its owner's",
    ).toEqual([400, 20006]);
  });

  test('a wrong 3-D Secure code fails the operation: no credit, no card saved, no webhook; a final operation takes no second code', async (ctx) => {
    needsControl(ctx, h);
    const phoneNumber = await onboard(h);
    const { data } = await chari(h).post('/api/operations/cashin/card', {
      params: { query: { PhoneNumber: phoneNumber } },
      body: cardCashIn(300, { KeepAlive: true }),
    });
    const failed = await h.control.completeChariMoneyThreeDSecure(data.operationId!, '000');
    expect(failed).toMatchObject({ operationStatus: OperationStatus.FAILED });
    expect(await balanceOf(h, phoneNumber)).toBe(0);
    expect((await operation(phoneNumber, data.operationId!)).operationStatus).toBe(OperationStatus.FAILED);
    expect(
      (await chari(h).get('/api/customers/tokenized/cards', { params: { query: { PhoneNumber: phoneNumber } } })).data
        .count,
    ).toBe(0);
    await expect(
      h.control.completeChariMoneyThreeDSecure(data.operationId!, TEST_CARD.threeDSecureCode),
    ).rejects.toMatchObject({ status: 409 });
    expect(await receivedEvents(h)).toEqual([]);
  });

  test.each([
    ['another PAN', { Pan: '4111111111111111' }],
    ['a wrong CVV', { Cvv: '999' }],
    ['an expired card', { ExpiryDate: '2001' }],
    ['an incorrect currency', { Currency: 'EUR' }],
    ['an amount with more than two decimals', { Amount: 10.001 }],
  ])('%s is declined with 400 20006 and no operation', async (_name, overrides) => {
    const phoneNumber = await onboard(h);
    expect(
      await refusal(
        chari(h).post('/api/operations/cashin/card', {
          params: { query: { PhoneNumber: phoneNumber } },
          body: cardCashIn(100, overrides),
        }),
      ),
    ).toEqual([400, 20006]);
    expect(
      (await chari(h).get('/api/operations', { params: { query: { PhoneNumber: phoneNumber } } })).data.count,
    ).toBe(0);
  });

  test('invalid amounts (zero, negative) are refused as invalid parameters', async () => {
    const phoneNumber = await onboard(h);
    for (const Amount of [0, -5]) {
      expect(
        await refusal(
          unchecked(h).post('/api/operations/cashin/card/preview', {
            params: { query: { PhoneNumber: phoneNumber } },
            body: { Amount },
          }),
        ),
      ).toEqual([400, 20006]);
    }
  });

  test('the account level limit: a level-1 wallet takes cash-ins up to its limit, not one centime more (preview and execute)', async (ctx) => {
    needsControl(ctx, h);
    const limit = BALANCE_LIMITS[1]!;
    const phoneNumber = await onboard(h);
    const over = { params: { query: { PhoneNumber: phoneNumber } }, body: { Amount: limit + 0.01 } };
    expect(await refusal(chari(h).post('/api/operations/cashin/card/preview', over))).toEqual([400, 20006]);
    expect(
      await refusal(
        chari(h).post('/api/operations/cashin/card', { params: over.params, body: cardCashIn(limit + 0.01) }),
      ),
    ).toEqual([400, 20006]);
    await fund(h, phoneNumber, limit - 100);
    const refused = await chari(h)
      .post('/api/operations/cashin/card/preview', { params: over.params, body: { Amount: 100.01 } })
      .then(
        () => undefined,
        (e: { providerMessage?: string }) => e,
      );
    expect(refused?.providerMessage).toMatch(/balance limit/);
    await fund(h, phoneNumber, 100);
    expect(await balanceOf(h, phoneNumber)).toBe(limit);
  });

  test('merchant payment by card: 3-D Secure, FeesPercent charged to the payer, payment.card.authorized and payment.received; a tokenized card pays again with its CVV', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const merchant = await onboard(h, 'C');
    expect(
      (
        await client.post('/api/operations/merchant/payment/push/card/preview', {
          params: { query: { PhoneNumber: merchant } },
          body: { Amount: 200 },
        })
      ).data.totalAmount,
    ).toBe(200);
    const { data } = await client.post('/api/operations/merchant/payment/card', {
      params: { query: { PhoneNumber: merchant } },
      body: {
        FirstName: 'Amine',
        LastName: 'Benali',
        Cvv: TEST_CARD.cvv,
        Amount: 200,
        Pan: TEST_CARD.number,
        ExpiryDate: FUTURE_EXPIRY,
        KeepAlive: true,
        FeesPercent: 1.5,
        ExternalReference: 'ORDER-42',
      },
    });
    await h.control.completeChariMoneyThreeDSecure(data.operationId!, TEST_CARD.threeDSecureCode);
    expect(await balanceOf(h, merchant), 'the merchant receives the amount, the payer pays the fee').toBe(200);
    expect(await operation(merchant, data.operationId!)).toMatchObject({
      operationType: OperationType.CARD_PAYMENT,
      feeAmount: 3,
      totalAmount: 203,
    });
    const [authorized] = await eventsOf(h, 'payment.card.authorized');
    const [received] = await eventsOf(h, 'payment.received');
    expect(authorized?.data).toMatchObject({ OperationId: data.operationId, FeeAmount: 3, Method: 'Card' });
    expect(received?.data).toMatchObject({
      OperationId: data.operationId,
      Amount: 200,
      PrimaryAccountNumber: merchant,
    });

    const { data: cards } = await client.get('/api/customers/tokenized/cards', {
      params: { query: { PhoneNumber: merchant } },
    });
    const cardId = cards.collection[0]!.customerBankCardId;
    expect(
      await refusal(
        client.post('/api/operations/merchant/payment/tokenized/card/{cardId}', {
          params: { path: { cardId }, query: { PhoneNumber: merchant } },
          body: { Cvv: '321', Amount: 50 },
        }),
      ),
    ).toEqual([400, 20006]);
    const { data: tokenized } = await client.post('/api/operations/merchant/payment/tokenized/card/{cardId}', {
      params: { path: { cardId }, query: { PhoneNumber: merchant } },
      body: { Cvv: TEST_CARD.cvv, Amount: 50 },
    });
    await h.control.completeChariMoneyThreeDSecure(tokenized.operationId!, TEST_CARD.threeDSecureCode);
    expect(await balanceOf(h, merchant)).toBe(250);

    // A card payment is refunded to the card, with the gateway ids its webhook gave.
    const refund = {
      phoneNumber: merchant,
      OperationId: data.operationId!,
      RefundAmount: 200,
      OrderId: 'wrong',
      TransactionTrackId: 'wrong',
    };
    expect(await refusal(client.post('/api/operations/refund', { body: refund }))).toEqual([400, 20006]);
    await client.post('/api/operations/refund', {
      body: {
        ...refund,
        OrderId: authorized!.data.GatewayOrderId!,
        TransactionTrackId: authorized!.data.GatewayTrackId!,
      },
    });
    expect(await balanceOf(h, merchant)).toBe(50);
  });

  test("an agent loads its float by card; the principal agent is the spec's", async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const { data: principal } = await client.get('/api/agents/principal', {
      params: { query: { Code: PRINCIPAL_CODE } },
    });
    expect(
      (
        await client.post('/api/operations/cashin/card/agent/preview', {
          params: { query: { code: PRINCIPAL_CODE } },
          body: { Amount: 1000 },
        })
      ).data.amount,
    ).toBe(1000);
    const { data } = await client.post('/api/operations/cashin/card/agent', {
      params: { query: { agent: PRINCIPAL_CODE } },
      body: cardCashIn(1000),
    });
    await h.control.completeChariMoneyThreeDSecure(data.operationId!, TEST_CARD.threeDSecureCode);
    expect(
      (await client.get('/api/agents/principal', { params: { query: { Code: PRINCIPAL_CODE } } })).data.account.balance,
    ).toBe(principal.account.balance + 1000);
    expect(
      await refusal(
        client.post('/api/operations/cashin/card/agent', { params: { query: { agent: 'NOPE' } }, body: cardCashIn(1) }),
      ),
    ).toEqual([404, 20005]);
  });
});
