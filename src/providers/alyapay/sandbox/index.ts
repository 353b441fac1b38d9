import { AlyaPayErrorCode } from '../../../../generated/alyapay/enums.js';
import { parameterValidators } from '../../../../generated/alyapay/parameter-validators.js';
import spec from '../../../../generated/alyapay/spec.js';
import { validators } from '../../../../generated/alyapay/validators.js';
import type { SandboxDefinition } from '../../../core/sandbox/types.js';
import { checkoutRoutes } from './checkout-page.js';
import { alyapayError, codeForField } from './errors.js';
import { alyapayResources } from './resources.js';
import { createSession, getTransactionStatus, paySession } from './sessions.js';
import { type AlyaPayState, initialAlyaPayState } from './state.js';

/**
 * AlyaPay: sessions with every documented validation (amounts exact to the centime, fractional quantities allowed),
 * 1-hour session tokens, transaction status by token, and the documented 100 requests per 15 minutes.
 */
export const alyapaySandbox: SandboxDefinition<AlyaPayState> = {
  slug: 'alyapay',
  spec,
  validators,
  parameterValidators,
  initialState: initialAlyaPayState,
  authenticateDynamic: (scheme, token, ctx) => {
    if (scheme !== 'SessionTokenAuth') return false;
    const session = ctx.state.sessionsByToken.get(token);
    return session !== undefined && session.expiresAt > ctx.clock.now();
  },
  errors: {
    invalidRequest: (message, op, problem) =>
      // getTransactionStatus documents no 400: a transaction id it cannot read is a transaction it cannot find.
      op?.operationId === 'getTransactionStatus'
        ? alyapayError(404, AlyaPayErrorCode.TRANSACTION_NOT_FOUND, "Transaction doesn't exist.")
        : alyapayError(400, codeForField(problem?.instancePath ?? '', problem?.params.missingProperty), message),
    // AlyaPay documents one code per scheme, "invalid or missing" alike.
    unauthorized: (scheme) =>
      scheme === 'SessionTokenAuth'
        ? alyapayError(401, AlyaPayErrorCode.INVALID_SESSION_TOKEN, 'Session token is invalid or expired.')
        : alyapayError(401, AlyaPayErrorCode.INVALID_API_KEY, 'API key is invalid or missing.'),
    rateLimited: (_op, retryAfterSeconds) =>
      alyapayError(
        429,
        AlyaPayErrorCode.RATE_LIMIT_EXCEEDED,
        `Too many requests (max 100 per 15 min); retry in ${retryAfterSeconds} s.`,
      ),
    sandboxFault: (_op, message) =>
      alyapayError(
        500,
        AlyaPayErrorCode.INTERNAL_ERROR,
        `The AlyaPay sandbox failed on a valid request; this is a bug in the sandbox, not in your request, please report it: ${message}`,
      ),
    routeNotFound: (method, path) =>
      alyapayError(404, AlyaPayErrorCode.NOT_FOUND, `AlyaPay has no endpoint ${method} ${path}.`),
  },
  handlers: { createSession, getTransactionStatus },
  control: [{ operationId: 'payAlyaPaySession', handle: paySession }, ...checkoutRoutes],
  resources: alyapayResources,
};
