import { expect, test } from 'vitest';
import { OperationStatus, OperationType } from '../../generated/chari-money/enums.js';
import { behaviourSuite, needsControl } from '../support/behaviour-target.js';
import {
  BALANCE_LIMITS,
  balanceOf,
  chari,
  eventsOf,
  fund,
  newPhone,
  onboard,
  PRINCIPAL_CODE,
  receivedEvents,
  refusal,
  unchecked,
} from './scenario-helpers.js';

const EXTERNAL_RIB = '011780000012345678901234';

behaviourSuite('chari-money', (h) => {
  /** Two active consumers, the first funded with `amount` by card. */
  async function pair(amount: number): Promise<[string, string]> {
    const [sender, recipient] = [await onboard(h), await onboard(h)];
    await fund(h, sender, amount);
    return [sender, recipient];
  }

  test("wallet transfer: preview moves nothing, execute debits one side and credits the other, transfer.received; refused beyond the balance or the recipient's limit", async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const [sender, recipient] = await pair(500);
    const transfer = {
      CustomerPhoneNumber: sender,
      RecipientPhoneNumber: recipient,
      Amount: 120.25,
      Reason: 'Remboursement diner',
    };
    expect((await client.post('/api/operations/transfer/preview', { body: transfer })).data).toEqual({
      amount: 120.25,
      feeAmount: 0,
      totalAmount: 120.25,
    });
    expect([await balanceOf(h, sender), await balanceOf(h, recipient)]).toEqual([500, 0]);

    const { data } = await client.post('/api/operations/transfer', { body: transfer, requestId: 'trace-transfer-1' });
    expect(data).toMatchObject({ amount: 120.25, totalAmount: 120.25, operationStatus: OperationStatus.COMPLETED });
    expect([await balanceOf(h, sender), await balanceOf(h, recipient)]).toEqual([379.75, 120.25]);
    const [received] = await eventsOf(h, 'transfer.received');
    expect(received?.data).toMatchObject({
      OperationId: data.operationId,
      OperationType: OperationType.TRANSFER,
      PrimaryAccountNumber: sender,
      SecondaryAccountNumber: recipient,
      Amount: 120.25,
      CRequestId: 'trace-transfer-1',
    });

    expect(
      await refusal(client.post('/api/operations/transfer/preview', { body: { ...transfer, Amount: 379.76 } })),
      'insufficient balance',
    ).toEqual([400, 20006]);
    expect(
      await refusal(
        client.post('/api/operations/transfer', { body: { ...transfer, RecipientPhoneNumber: newPhone() } }),
      ),
      'unknown recipient',
    ).toEqual([404, 20005]);
    expect(
      await refusal(client.post('/api/operations/transfer', { body: { ...transfer, RecipientPhoneNumber: sender } })),
    ).toEqual([400, 20006]);
    expect(
      await refusal(client.post('/api/operations/transfer', { body: { ...transfer, BeneficiaryId: 999 } })),
    ).toEqual([404, 27001]);
    const full = await onboard(h);
    await fund(h, full, BALANCE_LIMITS[1]!);
    expect(
      await refusal(
        client.post('/api/operations/transfer', { body: { ...transfer, RecipientPhoneNumber: full, Amount: 1 } }),
      ),
      "above the recipient's limit",
    ).toEqual([400, 20006]);
    expect([await balanceOf(h, sender), await balanceOf(h, full)]).toEqual([379.75, BALANCE_LIMITS[1]!]);
  });

  test('bank transfer to Rib + BeneficiaryName: bank-transfer.initiated then .completed, balance debited; a RIB is 24 digits', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const [payer] = await pair(800);
    const body = {
      CustomerPhoneNumber: payer,
      Amount: 300,
      Reason: 'Loyer octobre',
      Rib: EXTERNAL_RIB,
      BeneficiaryName: 'Aminata Diop',
    };
    expect((await client.post('/api/operations/bank-transfer/preview', { body })).data.totalAmount).toBe(300);
    expect(await balanceOf(h, payer)).toBe(800);
    const { data } = await client.post('/api/operations/bank-transfer', { body });
    expect(data.operationStatus, 'sent, settled later (webhook)').toBe(OperationStatus.OPEN);
    expect(await balanceOf(h, payer)).toBe(500);

    const events = (await receivedEvents(h)).filter((e) => e.event.startsWith('bank-transfer'));
    expect(events.map((e) => [e.event, e.data.OperationStatus])).toEqual([
      ['bank-transfer.initiated', OperationStatus.OPEN],
      ['bank-transfer.completed', OperationStatus.COMPLETED],
    ]);
    expect(events[1]!.data).toMatchObject({
      OperationId: data.operationId,
      OperationType: OperationType.BANK_TRANSFER,
      BankTransferBeneficiaryName: 'Aminata Diop',
      Method: 'BankTransfer',
      Reference: expect.stringMatching(/^BANK-REF-/),
    });

    for (const Rib of ['01178000001234567890123', '01178000001234567890123X']) {
      expect(
        await refusal(unchecked(h).post('/api/operations/bank-transfer/preview', { body: { ...body, Rib } })),
      ).toEqual([400, 20006]);
    }
    expect(
      await refusal(
        unchecked(h).post('/api/operations/bank-transfer', {
          body: { CustomerPhoneNumber: payer, Amount: 1, Rib: EXTERNAL_RIB } as never,
        }),
      ),
      'a RIB goes with a name',
    ).toEqual([400, 10001]);
    expect(
      await refusal(
        unchecked(h).post('/api/operations/bank-transfer', { body: { ...body, AgentCode: PRINCIPAL_CODE } as never }),
      ),
      'one payer, not two',
    ).toEqual([400, 20006]);
    expect(await refusal(client.post('/api/operations/bank-transfer', { body: { ...body, Amount: 500.01 } }))).toEqual([
      400, 20006,
    ]);
  });

  test('bank transfer to a saved beneficiary, and to the RIB of a Chari wallet (credited, bank-transfer.received); an agent can pay one too', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const [payer, recipient] = await pair(600);
    const { data: recipientInfo } = await client.get('/api/customers/info', {
      params: { query: { phoneNumber: recipient } },
    });
    const { data: beneficiary } = await client.post('/api/customer/beneficiaries', {
      params: { query: { PhoneNumber: payer } },
      body: { Name: 'Karim Alaoui', Rib: recipientInfo.rib },
    });
    expect(
      await refusal(
        client.post('/api/operations/bank-transfer', {
          body: { CustomerPhoneNumber: payer, Amount: 10, BeneficiaryId: beneficiary.id + 1 },
        }),
      ),
    ).toEqual([404, 27001]);
    const { data } = await client.post('/api/operations/bank-transfer', {
      body: { CustomerPhoneNumber: payer, Amount: 250, BeneficiaryId: beneficiary.id },
    });
    expect([await balanceOf(h, payer), await balanceOf(h, recipient)]).toEqual([350, 250]);
    const [received] = await eventsOf(h, 'bank-transfer.received');
    expect(received?.data).toMatchObject({
      OperationId: data.operationId,
      SecondaryAccountNumber: recipient,
      BankTransferBeneficiaryName: 'Karim Alaoui',
    });

    const { data: before } = await client.get('/api/agents/principal', { params: { query: { Code: PRINCIPAL_CODE } } });
    await client.post('/api/operations/bank-transfer', {
      body: { AgentCode: PRINCIPAL_CODE, Amount: 1000, Rib: EXTERNAL_RIB, BeneficiaryName: 'Salaires Acme' },
    });
    expect(
      (await client.get('/api/agents/principal', { params: { query: { Code: PRINCIPAL_CODE } } })).data.account.balance,
    ).toBe(before.account.balance - 1000);
  });

  test('merchant payment by phone: the payer is debited, the merchant credited and told (payment.received); only a merchant wallet takes payments', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const merchant = await onboard(h, 'C');
    const [payer, consumer] = await pair(300);
    const payment = {
      CustomerPhoneNumber: payer,
      RecipientPhoneNumber: merchant,
      Amount: 75,
      Reason: 'Achat boutique',
    };
    expect(
      (await client.post('/api/operations/merchant/payment/push/manual/preview', { body: payment })).data.amount,
    ).toBe(75);
    expect(await balanceOf(h, payer)).toBe(300);
    const { data } = await client.post('/api/operations/merchant/payment/push/manual', { body: payment });
    expect([await balanceOf(h, payer), await balanceOf(h, merchant)]).toEqual([225, 75]);
    expect(
      (await eventsOf(h, 'payment.received')).map((e) => [
        e.data.OperationId,
        e.data.OperationType,
        e.data.SecondaryAccountNumber,
      ]),
    ).toEqual([[data.operationId, OperationType.MOBILE_PAYMENT, merchant]]);
    expect(
      await refusal(
        client.post('/api/operations/merchant/payment/push/manual', {
          body: { ...payment, RecipientPhoneNumber: consumer },
        }),
      ),
    ).toEqual([400, 20006]);
  });

  test('QR codes: a static code takes any amount any number of times; a dynamic code carries its amount and reference and is paid once', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const merchant = await onboard(h, 'C');
    const [payer] = await pair(500);
    const { data: plain } = await client.get('/api/operations/merchant/qrcode/static', {
      params: { query: { PhoneNumber: merchant } },
    });
    const { data: masked } = await client.get('/api/operations/merchant/qrcode/static', {
      params: { query: { PhoneNumber: merchant, MaskedNumber: true } },
    });
    expect(plain.qrCodeContent).toContain(merchant);
    expect(masked.qrCodeContent).not.toContain(merchant);
    expect(masked.qrCodeContent).toContain(`${merchant.slice(0, 5)}######${merchant.slice(-2)}`);

    for (const [content, Amount] of [
      [plain.qrCodeContent, 20],
      [masked.qrCodeContent, 30],
      [plain.qrCodeContent, 40],
    ] as const) {
      expect(
        (
          await client.post('/api/operations/merchant/payment/push/qrcode/preview', {
            body: { CustomerPhoneNumber: payer, QrCodeContent: content, Amount },
          })
        ).data.amount,
      ).toBe(Amount);
      await client.post('/api/operations/merchant/payment/push/qrcode', {
        body: { CustomerPhoneNumber: payer, QrCodeContent: content, Amount },
      });
    }
    expect([await balanceOf(h, payer), await balanceOf(h, merchant)]).toEqual([410, 90]);

    const { data: dynamic } = await client.post('/api/operations/merchant/qrcode', {
      params: { query: { PhoneNumber: merchant } },
      body: { Amount: 150 },
    });
    expect(dynamic).toMatchObject({ amount: 150, qrCodeReference: expect.stringMatching(/^QR-\d{8}-\d{6}$/) });
    const pay = (Amount: number) =>
      client.post('/api/operations/merchant/payment/push/qrcode', {
        body: { CustomerPhoneNumber: payer, QrCodeContent: dynamic.qrCodeContent, Amount },
      });
    expect(await refusal(pay(149.99)), 'the embedded amount').toEqual([400, 20006]);
    await pay(150);
    expect(await refusal(pay(150)), 'double submission').toEqual([400, 20006]);
    expect([await balanceOf(h, payer), await balanceOf(h, merchant)]).toEqual([260, 240]);
    expect(
      await refusal(
        client.post('/api/operations/merchant/payment/push/qrcode', {
          body: { CustomerPhoneNumber: payer, QrCodeContent: 'not-a-chari-code', Amount: 1 },
        }),
      ),
    ).toEqual([400, 20006]);
    expect((await eventsOf(h, 'payment.received')).length).toBe(4);
  });

  test('refunds after a merchant payment: partial then the rest, never more than paid, only to the payer, only of a merchant payment', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const merchant = await onboard(h, 'C');
    const [payer, stranger] = await pair(400);
    const { data: payment } = await client.post('/api/operations/merchant/payment/push/manual', {
      body: { CustomerPhoneNumber: payer, RecipientPhoneNumber: merchant, Amount: 200, Reason: 'Commande 7' },
    });
    const refund = {
      PhoneNumber: payer,
      OperationId: payment.operationId,
      RefundAmount: 80,
      OrderId: 'ORDER-7',
      TransactionTrackId: 'TRACK-7',
    };

    expect((await client.post('/api/operations/refund/preview', { body: refund })).data.amount).toBe(80);
    expect(await balanceOf(h, merchant)).toBe(200);
    const execute = (fields: Partial<typeof refund>) => {
      const { PhoneNumber, ...rest } = { ...refund, ...fields };
      return client.post('/api/operations/refund', { body: { phoneNumber: PhoneNumber, ...rest } });
    };
    const { data: partial } = await execute({});
    expect(partial).toMatchObject({ amount: 80, operationStatus: OperationStatus.COMPLETED });
    expect([await balanceOf(h, payer), await balanceOf(h, merchant)]).toEqual([280, 120]);
    expect(await refusal(execute({ RefundAmount: 120.01 })), 'more than is left').toEqual([400, 20006]);
    expect(await refusal(execute({ PhoneNumber: stranger }))).toEqual([400, 20006]);
    expect(await refusal(execute({ OperationId: 987654 })), 'unknown original').toEqual([400, 20006]);
    await execute({ RefundAmount: 120 });
    expect([await balanceOf(h, payer), await balanceOf(h, merchant)]).toEqual([400, 0]);
    expect(await refusal(execute({ RefundAmount: 0.01 })), 'fully refunded').toEqual([400, 20006]);

    const { data: transfer } = await client.post('/api/operations/transfer', {
      body: { CustomerPhoneNumber: payer, RecipientPhoneNumber: stranger, Amount: 10, Reason: 'x' },
    });
    expect(
      await refusal(execute({ OperationId: transfer.operationId, RefundAmount: 1 })),
      'not a merchant payment',
    ).toEqual([400, 20006]);
  });

  test('chargeback of a transfer: the recipient gives back to the sender, never more than the original in total', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const [sender, recipient] = await pair(300);
    const { data: transfer } = await client.post('/api/operations/transfer', {
      body: { CustomerPhoneNumber: sender, RecipientPhoneNumber: recipient, Amount: 100, Reason: 'Paiement en double' },
    });
    const chargeback = {
      SourcePhoneNumber: recipient,
      DestinationPhoneNumber: sender,
      Amount: 60,
      Description: 'Paiement en double',
      OriginalOperationId: transfer.operationId,
    };
    expect((await client.post('/api/operations/chargeback/preview', { body: chargeback })).data.amount).toBe(60);
    expect([await balanceOf(h, sender), await balanceOf(h, recipient)]).toEqual([200, 100]);
    const { data } = await client.post('/api/operations/chargeback', { body: chargeback });
    expect([await balanceOf(h, sender), await balanceOf(h, recipient)]).toEqual([260, 40]);
    expect(
      (
        await client.get('/api/operations/{id}', {
          params: { path: { id: data.operationId }, query: { PhoneNumber: sender } },
        })
      ).data,
    ).toMatchObject({ operationType: OperationType.CHARGEBACK, sens: 1 });
    expect(
      await refusal(client.post('/api/operations/chargeback', { body: { ...chargeback, Amount: 40.01 } })),
      'beyond the original',
    ).toEqual([400, 20006]);
    expect(
      await refusal(
        client.post('/api/operations/chargeback', { body: { ...chargeback, OriginalOperationId: 424242 } }),
      ),
      'unknown original',
    ).toEqual([400, 20006]);
    expect(
      await refusal(
        client.post('/api/operations/chargeback', {
          body: { ...chargeback, SourcePhoneNumber: sender, DestinationPhoneNumber: recipient },
        }),
      ),
      'the wrong way round',
    ).toEqual([400, 20006]);
  });
});
