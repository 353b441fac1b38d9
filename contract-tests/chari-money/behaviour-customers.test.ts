import { expect, test } from 'vitest';
import { AccountLevel, CustomerStatus } from '../../generated/chari-money/enums.js';
import { behaviourSuite, needsControl } from '../support/behaviour-target.js';
import {
  BALANCE_LIMITS,
  chari,
  eventsOf,
  fund,
  KYC_REVIEW_SECONDS,
  newPhone,
  onboard,
  PIN_MAX_ATTEMPTS,
  refusal,
  TEST_OTP,
  unchecked,
} from './scenario-helpers.js';

behaviourSuite('chari-money', (h) => {
  const statusOf = async (PhoneNumber: string) =>
    (await chari(h).get('/api/customers/status', { params: { query: { PhoneNumber } } })).data;

  test('customer lifecycle: NOT_EXISTS → register (202) → OTP → CONFIRMED → PIN → ACTIVE, every reply in { data } with the C-Request-Id echoed', async () => {
    const client = chari(h);
    const phoneNumber = newPhone();
    const registration = {
      phoneNumber,
      firstName: 'Amine',
      lastName: 'Benali',
      cin: 'AB123456',
      walletType: 'P' as const,
    };
    expect(await statusOf(phoneNumber)).toBe(CustomerStatus.NOT_EXISTS);

    const registered = await client.post('/api/customers/register', {
      body: registration,
      requestId: 'trace-register-1',
    });
    expect([registered.status, registered.data, registered.requestId]).toEqual([202, true, 'trace-register-1']);
    expect(registered.response.headers.get('C-Request-Id')).toBe('trace-register-1');
    expect(await statusOf(phoneNumber)).toBe(CustomerStatus.NOT_CONFIRMED);
    expect(
      await refusal(client.post('/api/customers/register', { body: registration })),
      'a second registration waits for the first OTP',
    ).toEqual([409, 20009]);

    expect(
      await refusal(client.post('/api/customers/confirm', { body: { phoneNumber, code: '999-999', walletType: 'P' } })),
      'a wrong OTP',
    ).toEqual([400, 20006]);
    expect(await statusOf(phoneNumber)).toBe(CustomerStatus.NOT_CONFIRMED);
    expect((await client.post('/api/customers/confirm/resend-otp', { params: { query: { phoneNumber } } })).data).toBe(
      true,
    );
    expect(
      (await client.post('/api/customers/confirm', { body: { phoneNumber, code: TEST_OTP, walletType: 'P' } })).data,
    ).toBe(true);
    expect(await statusOf(phoneNumber)).toBe(CustomerStatus.CONFIRMED);
    expect(
      await refusal(client.post('/api/customers/confirm/resend-otp', { params: { query: { phoneNumber } } })),
      'nothing pending any more',
    ).toEqual([404, 20017]);

    expect(
      await refusal(unchecked(h).post('/api/customers/pin', { body: { phoneNumber, pin: '12a4' } })),
      'a PIN is 4 digits',
    ).toEqual([400, 26005]);
    expect((await client.post('/api/customers/pin', { body: { phoneNumber, pin: '2580' } })).data).toBe(true);
    expect(await statusOf(phoneNumber)).toBe(CustomerStatus.ACTIVE);
    expect(await refusal(client.post('/api/customers/pin', { body: { phoneNumber, pin: '1111' } }))).toEqual([
      409, 26004,
    ]);

    // The raw body is the envelope; the client unwraps it.
    const raw = await client.GET('/api/customers/info', { params: { query: { phoneNumber } } });
    expect(raw.data).toEqual({
      data: expect.objectContaining({
        accountLevel: AccountLevel.LEVEL_1,
        customerStatus: CustomerStatus.ACTIVE,
        phoneNumber,
        walletType: 'P',
      }),
    });
    expect(raw.data?.data.rib).toMatch(/^[0-9]{24}$/);
    expect((await client.get('/api/customers/balance', { params: { query: { phoneNumber } } })).data).toEqual({
      balance: 0,
    });
    expect((await client.post('/api/customers/login', { body: { phoneNumber, pin: '2580' } })).data).toEqual({
      logged: true,
      remainingAttempts: PIN_MAX_ATTEMPTS,
    });
  });

  test('wrong PINs count down remainingAttempts and lock the wallet (LOCKED_TEMPORARY); a locked wallet cannot log in nor move money', async () => {
    const client = chari(h);
    const phoneNumber = await onboard(h, 'P', '1234');
    await client.post('/api/customers/login', { body: { phoneNumber, pin: '0000' } });
    expect(
      (await client.post('/api/customers/login', { body: { phoneNumber, pin: '1234' } })).data,
      'a correct PIN restores the allowance',
    ).toEqual({ logged: true, remainingAttempts: PIN_MAX_ATTEMPTS });

    const countdown: number[] = [];
    for (let attempt = 0; attempt < PIN_MAX_ATTEMPTS; attempt++) {
      const { data } = await client.post('/api/customers/login', { body: { phoneNumber, pin: '9999' } });
      expect(data.logged).toBe(false);
      countdown.push(data.remainingAttempts);
    }
    expect(countdown).toEqual(Array.from({ length: PIN_MAX_ATTEMPTS }, (_, i) => PIN_MAX_ATTEMPTS - 1 - i));
    expect(await statusOf(phoneNumber)).toBe(CustomerStatus.LOCKED_TEMPORARY);
    expect((await client.post('/api/customers/login', { body: { phoneNumber, pin: '1234' } })).data).toEqual({
      logged: false,
      remainingAttempts: 0,
    });
    expect(
      await refusal(
        client.post('/api/operations/cashin/card/preview', {
          params: { query: { PhoneNumber: phoneNumber } },
          body: { Amount: 10 },
        }),
      ),
    ).toEqual([400, 20006]);
  });

  test('PIN change needs the old PIN (26001); unknown numbers are 20005; malformed numbers 20000 and missing fields 10001', async () => {
    const client = chari(h);
    const phoneNumber = await onboard(h, 'P', '1234');
    expect(
      await refusal(client.put('/api/customers/pin', { body: { phoneNumber, oldPin: '4321', newPin: '5678' } })),
    ).toEqual([400, 26001]);
    expect(
      (await client.put('/api/customers/pin', { body: { phoneNumber, oldPin: '1234', newPin: '5678' } })).data,
    ).toBe(true);
    expect((await client.post('/api/customers/login', { body: { phoneNumber, pin: '5678' } })).data.logged).toBe(true);

    const stranger = newPhone();
    // One call at a time: a rejection must never wait unobserved while an earlier one is awaited.
    for (const call of [
      () => client.get('/api/customers/balance', { params: { query: { phoneNumber: stranger } } }),
      () => client.get('/api/customers/info', { params: { query: { phoneNumber: stranger } } }),
      () => client.post('/api/customers/login', { body: { phoneNumber: stranger, pin: '1234' } }),
      () => client.post('/api/customers/pin', { body: { phoneNumber: stranger, pin: '1234' } }),
    ])
      expect(await refusal(call())).toEqual([404, 20005]);
    expect(
      await refusal(
        client.post('/api/customers/confirm', { body: { phoneNumber: stranger, code: TEST_OTP, walletType: 'P' } }),
      ),
    ).toEqual([404, 20017]);
    expect(
      await refusal(unchecked(h).get('/api/customers/balance', { params: { query: { phoneNumber: '0612345678' } } })),
    ).toEqual([400, 20000]);
    expect(await refusal(unchecked(h).post('/api/customers/login', { body: { phoneNumber } as never }))).toEqual([
      400, 10001,
    ]);
  });

  test('autoActivate skips the PIN; a CloseLoop-only wallet is not the default on the Switch; unregister forgets the wallet', async () => {
    const client = chari(h);
    const [open, closed] = [newPhone(), newPhone()];
    await client.post('/api/customers/register', {
      body: { phoneNumber: open, firstName: 'Salma', lastName: 'El Amrani', cin: 'BE998877', walletType: 'P' },
    });
    await client.post('/api/customers/register', {
      body: {
        phoneNumber: closed,
        firstName: 'Omar',
        lastName: 'Tazi',
        cin: 'CD554433',
        walletType: 'P',
        closeLoopOnly: true,
      },
    });
    expect(
      (await client.get('/api/customers/default', { params: { query: { phoneNumber: open } } })).data,
      'not on the Switch before the OTP',
    ).toBe(false);
    await client.post('/api/customers/confirm', {
      body: { phoneNumber: open, code: TEST_OTP, walletType: 'P', autoActivate: true },
    });
    await client.post('/api/customers/confirm', {
      body: { phoneNumber: closed, code: TEST_OTP, walletType: 'P', autoActivate: true },
    });
    expect(await statusOf(open)).toBe(CustomerStatus.ACTIVE);
    expect((await client.get('/api/customers/default', { params: { query: { phoneNumber: open } } })).data).toBe(true);
    expect((await client.get('/api/customers/default', { params: { query: { phoneNumber: closed } } })).data).toBe(
      false,
    );

    expect((await client.post('/api/customers/unregister', { body: { PhoneNumber: open, Reason: 3 } })).data).toBe(
      true,
    );
    expect(await statusOf(open)).toBe(CustomerStatus.NOT_EXISTS);
    expect(await refusal(client.get('/api/customers/balance', { params: { query: { phoneNumber: open } } }))).toEqual([
      404, 20005,
    ]);
    expect(await refusal(client.post('/api/customers/unregister', { body: { PhoneNumber: open, Reason: 3 } }))).toEqual(
      [404, 20005],
    );
  });

  test('KYC upgrade: under review (32000 on a second request) until the review ends, then the level and its balance limit rise and customer.level.updated is sent', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const phoneNumber = await onboard(h);
    const token = await client.get('/api/kyc/shareid/auth', { params: { query: { PhoneNumber: phoneNumber } } });
    expect(token.data.token.split('.')).toHaveLength(3);

    expect(
      (
        await client.post('/api/customers/upgrade/request', {
          params: { query: { PhoneNumber: phoneNumber, AccountLevel: 2 } },
        })
      ).data,
    ).toBe(true);
    expect(
      await refusal(
        client.post('/api/customers/upgrade/request', {
          params: { query: { PhoneNumber: phoneNumber, AccountLevel: 3 } },
        }),
      ),
    ).toEqual([409, 32000]);
    const levelOne = BALANCE_LIMITS[1]!;
    expect(
      await refusal(
        client.post('/api/operations/cashin/card/preview', {
          params: { query: { PhoneNumber: phoneNumber } },
          body: { Amount: levelOne + 1 },
        }),
      ),
      'still level 1',
    ).toEqual([400, 20006]);

    await h.control.advanceClock(KYC_REVIEW_SECONDS);
    expect((await client.get('/api/customers/info', { params: { query: { phoneNumber } } })).data.accountLevel).toBe(
      AccountLevel.LEVEL_2,
    );
    const [updated, ...others] = await eventsOf(h, 'customer.level.updated');
    expect(others).toEqual([]);
    expect(updated?.data).toMatchObject({
      PrimaryAccountNumber: phoneNumber,
      AccountLevel: AccountLevel.LEVEL_2,
      OperationId: 0,
    });
    await fund(h, phoneNumber, levelOne + 1);
    expect((await client.get('/api/customers/balance', { params: { query: { phoneNumber } } })).data.balance).toBe(
      levelOne + 1,
    );
    expect(
      await refusal(
        client.post('/api/customers/upgrade/request', {
          params: { query: { PhoneNumber: phoneNumber, AccountLevel: 2 } },
        }),
      ),
      'already there',
    ).toEqual([400, 20006]);
  });

  test('merchant KYC upload (multipart): two-sided documents need DocBack, one review at a time, then the merchant level without a balance limit', async (ctx) => {
    needsControl(ctx, h);
    const client = chari(h);
    const merchant = await onboard(h, 'C');
    const upload = (fields: Record<string, string | Blob>) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) {
        if (typeof value === 'string') form.append(name, value);
        else form.append(name, value, 'document.png');
      }
      return client.post('/api/merchant/kyc/request', {
        params: { query: { PhoneNumber: merchant } },
        body: form as never,
        bodySerializer: (body: unknown) => body as FormData,
      });
    };
    const image = () => new Blob(['png bytes'], { type: 'image/png' });
    const register = { 'KycDocuments[0].DocType': '8', 'KycDocuments[0].DocFront': image() };
    expect(
      await refusal(upload({ ...register, 'KycDocuments[1].DocType': '1', 'KycDocuments[1].DocFront': image() })),
      'an identity card needs its back',
    ).toEqual([400, 10001]);
    expect(
      (
        await upload({
          ...register,
          'KycDocuments[1].DocType': '1',
          'KycDocuments[1].DocFront': image(),
          'KycDocuments[1].DocBack': image(),
        })
      ).data,
    ).toBe(true);
    expect(await refusal(upload(register))).toEqual([409, 32000]);
    const consumer = await onboard(h);
    expect(
      await refusal(
        chari(h).post('/api/merchant/kyc/request', {
          params: { query: { PhoneNumber: consumer } },
          body: (() => {
            const f = new FormData();
            f.append('KycDocuments[0].DocType', '8');
            f.append('KycDocuments[0].DocFront', image(), 'rc.png');
            return f;
          })() as never,
          bodySerializer: (body: unknown) => body as FormData,
        }),
      ),
    ).toEqual([400, 20006]);

    await h.control.advanceClock(KYC_REVIEW_SECONDS);
    expect(
      (await client.get('/api/customers/info', { params: { query: { phoneNumber: merchant } } })).data.accountLevel,
    ).toBe(AccountLevel.MERCHANT);
    expect((await eventsOf(h, 'customer.level.updated')).map((e) => e.data.AccountLevel)).toEqual([
      AccountLevel.MERCHANT,
    ]);
    const { data } = await client.post('/api/operations/merchant/payment/push/card/preview', {
      params: { query: { PhoneNumber: merchant } },
      body: { Amount: BALANCE_LIMITS[4]! * 2 },
    });
    expect(data.amount).toBe(BALANCE_LIMITS[4]! * 2);
  });

  test("a wrong API key is 401 in Chari's { errorCode, errorDescription }; Coming Soon operations answer 404", async () => {
    const error = await refusal(
      chari(h, { credentials: { apiKey: 'sk_wrong' } }).get('/api/customers/status', {
        params: { query: { PhoneNumber: newPhone() } },
      }),
    );
    expect(error).toEqual([401, 401]);
    const client = chari(h);
    const response = await fetch(`${client.baseUrl}/api/customers/pin/reset`, {
      method: 'POST',
      headers: { 'Chari-Api-Key': h.credentials.apiKey! },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      errorCode: 404,
      errorDescription: expect.stringContaining('/api/customers/pin/reset'),
    });
  });
});
