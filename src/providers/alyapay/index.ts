export * from '../../../generated/alyapay/enums.js';
export { AmountMismatchError } from '../../core/money.js';
export * from './client.js';
export * from './money.js';
