import { describe, expect, test } from 'vitest';
import spec from '../../../generated/haloubi-gateway/spec.js';
import { validators } from '../../../generated/haloubi-gateway/validators.js';
import type { IndexedOperation } from '../../../src/core/operation-index.js';
import { OperationIndex } from '../../../src/core/operation-index.js';
import { haloubiError } from '../../../src/providers/haloubi-gateway/sandbox/errors.js';
import { haloubiGatewaySandbox } from '../../../src/providers/haloubi-gateway/sandbox/index.js';

const errors = haloubiGatewaySandbox.errors;
const operations = new OperationIndex(spec);

function op(operationId: string): IndexedOperation {
  const found = operations.byOperationId(operationId);
  if (!found) throw new Error(`The Haloubi spec has no operation ${operationId}.`);
  return found;
}

describe('haloubi-gateway error replies', () => {
  // Statuses from the document's Error Codes section and endpoint sections, written by hand.
  test.each([
    ['authorization_expired', 400, 'invalid_request_error'],
    ['already_completed', 400, 'invalid_request_error'],
    ['missing_api_key', 401, 'authentication_error'],
    ['invalid_api_key', 401, 'authentication_error'],
    ['card_declined', 402, 'card_error'],
    ['fraud_declined', 402, 'card_error'],
    ['not_found', 404, 'not_found_error'],
    ['idempotency_key_mismatch', 409, 'conflict_error'],
    ['intent_expired', 410, 'gone_error'],
    ['payment_expired', 410, 'gone_error'],
    ['max_attempts', 410, 'gone_error'],
    ['rate_limit_exceeded', 429, 'rate_limit_error'],
  ] as const)('%s is answered with %i %s', (code, status, type) => {
    expect(haloubiError(code, 'message')).toEqual({ status, body: { error: { type, code, message: 'message' } } });
  });

  test('a missing API key and a wrong one get their own 401 codes', () => {
    const authorize = op('authorizePayment');
    expect(errors.unauthorized('ApiKeyAuth', authorize, 'missing')).toMatchObject({
      status: 401,
      body: { error: { type: 'authentication_error', code: 'missing_api_key' } },
    });
    expect(errors.unauthorized('ApiKeyAuth', authorize, 'invalid')).toMatchObject({
      status: 401,
      body: { error: { type: 'authentication_error', code: 'invalid_api_key' } },
    });
  });

  test('over a rate limit: the documented 429 rate_limit_exceeded, saying when to retry', () => {
    for (const operationId of ['authorizePayment', 'listTransactions', 'confirmPaymentIntent']) {
      if (!errors.rateLimited) throw new Error('The Haloubi sandbox has no rateLimited reply.');
      const reply = errors.rateLimited(op(operationId), 7);
      expect(reply).toMatchObject({
        status: 429,
        body: { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } },
      });
      expect((reply.body as { error: { message: string } }).error.message).toContain('7 seconds');
      expect(validators.responses[operationId]?.['429']?.(reply.body), operationId).toBe(true);
    }
  });

  test('a sandbox bug is reported as one, in the Haloubi format, without blaming the request', () => {
    const message = 'The sandbox failed on this request (boom). This is a bug in the paycontracts sandbox.';
    const reply = errors.sandboxFault?.(op('capturePayment'), message);
    expect(reply).toEqual({
      status: 409,
      body: { error: { type: 'conflict_error', code: 'invalid_state', message } },
    });
    expect(validators.responses.capturePayment?.['409']?.(reply?.body)).toBe(true);
  });
});
