import { expect, test } from 'vitest';
import * as chariMoney from '../../src/providers/chari-money/index.js';
import * as chariPay from '../../src/providers/chari-pay/index.js';
import * as sandbox from '../../src/sandbox/index.js';

test('the reference tables are exported as named enums next to each client', () => {
  expect(chariMoney.CustomerStatus).toMatchObject({ NOT_EXISTS: 0, ACTIVE: 3, LOCKED: 5 });
  expect(chariMoney.ChariErrorCode.USER_NOT_FOUND).toBe(20005);
  expect(chariMoney.OperationType.BANK_TRANSFER).toBe(9);
  expect(Object.isFrozen(chariMoney.AccountLevel)).toBe(true);
  expect(chariPay.PaymentStatus.Captured).toBe('captured');
});

test('the sandbox entry exports the control-API client next to startSandbox', () => {
  expect(typeof sandbox.SandboxControl).toBe('function');
  expect(new sandbox.SandboxControl('http://127.0.0.1:1')).toHaveProperty('advanceClock');
});
