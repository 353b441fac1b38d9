export * from './client.js';
export * from './money.js';
export { AmountMismatchError } from '../../core/money.js';
