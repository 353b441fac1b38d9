import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { redactText, redactValue } from '../../../src/core/redact.js';
import { type ChariMoneySession, startChariMoneySession, TEST_OTP } from './sandbox-session.js';

// Every expectation is the document's (chari-money-baas-api-v1.9.txt) or written here by hand.
/** "26005 The provided PIN does not meet the required format (must be a 4-digit number)." */
const PIN_FORMAT = 26005;
/** Card Cash-In test card: PAN, CVV, 3-D Secure code 555, any future expiry (YYMM). */
const TEST_CARD = { Pan: '4918914107195005', Cvv: '123', ExpiryDate: '9912' };
const TEST_3DS_CODE = '555';

let s: ChariMoneySession;
let phones = 0;
const phone = () => `+21267${String(++phones).padStart(7, '0')}`;

beforeAll(async () => {
  s = await startChariMoneySession();
});
afterAll(() => s?.close());

/** A registered, OTP-confirmed wallet without a PIN yet. */
async function registered(): Promise<string> {
  const phoneNumber = phone();
  const identity = { firstName: 'Amina', lastName: 'Alaoui', cin: 'BE123456', walletType: 'P' };
  const register = await s.call('POST', '/api/customers/register', { body: { phoneNumber, ...identity } });
  expect(register.status, JSON.stringify(register.body)).toBeLessThan(300);
  const confirmed = await s.call('POST', '/api/customers/confirm', {
    body: { phoneNumber, code: TEST_OTP, walletType: 'P' },
  });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return phoneNumber;
}

async function balance(phoneNumber: string): Promise<number> {
  const reply = await s.call('GET', '/api/customers/balance', { query: { phoneNumber } });
  expect(reply.status).toBe(200);
  return reply.body.data.balance as number;
}

describe('PIN format: "4 numbers required"', () => {
  test.each(['1234', '0000', '9876'])('%s is accepted', async (pin) => {
    const phoneNumber = await registered();
    const reply = await s.call('POST', '/api/customers/pin', { body: { phoneNumber, pin } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  });

  test.each([
    ['three digits', '123'],
    ['five digits', '12345'],
    ['a letter among digits', '12a4'],
    ['six digits', '123456'],
    ['four digits after a space', ' 1234'],
  ])('%s (%j) is refused with 26005', async (_, pin) => {
    const phoneNumber = await registered();
    const reply = await s.call('POST', '/api/customers/pin', { body: { phoneNumber, pin } });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    expect(reply.body.errorCode).toBe(PIN_FORMAT);
  });
});

describe('a transfer may spend a wallet’s whole balance, not one centime more', () => {
  test('100.50 MAD: 100.51 is refused and changes nothing, 100.50 leaves 0', async () => {
    const [payer, recipient] = [phone(), phone()];
    await s.onboard(payer);
    await s.onboard(recipient);
    const cashIn = await s.call('POST', '/api/operations/cashin/card', {
      query: { PhoneNumber: payer },
      body: { FirstName: 'Amina', LastName: 'Alaoui', ...TEST_CARD, Amount: 100.5, KeepAlive: false },
    });
    expect(cashIn.status, JSON.stringify(cashIn.body)).toBe(200);
    await s.control.completeChariMoneyThreeDSecure(Number(cashIn.body.data.operationId), TEST_3DS_CODE);
    expect(await balance(payer)).toBe(100.5);

    const transfer = (Amount: number) =>
      s.call('POST', '/api/operations/transfer', {
        body: { CustomerPhoneNumber: payer, Amount, Reason: 'Remboursement diner', RecipientPhoneNumber: recipient },
      });
    const over = await transfer(100.51);
    expect(over.status).toBeGreaterThanOrEqual(400);
    expect(over.status).toBeLessThan(500);
    expect(typeof over.body.errorCode).toBe('number');
    expect(await balance(payer)).toBe(100.5);
    expect(await balance(recipient)).toBe(0);

    const whole = await transfer(100.5);
    expect(whole.status, JSON.stringify(whole.body)).toBe(200);
    expect(await balance(payer)).toBe(0);
    expect(await balance(recipient)).toBe(100.5);
  });
});

describe('a customer PIN is redacted like any secret', () => {
  test('in a JSON value', () => {
    const redacted = JSON.stringify(redactValue({ phoneNumber: '+212661234567', pin: '1234' }));
    expect(redacted).not.toContain('1234"');
    expect(redacted).toContain('+212661234567');
  });

  test.each([
    ['JSON text', '{"phoneNumber":"+212661234567","pin":"1234"}'],
    ['a form or query', 'phoneNumber=%2B212661234567&pin=1234'],
    ['a log line', 'create PIN pin=1234 for wallet +212661234567'],
  ])('in %s', (_, text) => {
    const redacted = redactText(text);
    expect(redacted).not.toMatch(/(^|[^0-9])1234([^0-9]|$)/);
    expect(redacted).toContain('212661234567');
  });
});
