import { parameterValidators } from '../../../../generated/novasend/parameter-validators.js';
import type { components } from '../../../../generated/novasend/schema.js';
import spec from '../../../../generated/novasend/spec.js';
import { validators } from '../../../../generated/novasend/validators.js';
import type { IndexedOperation } from '../../../core/operation-index.js';
import type { SandboxDefinition } from '../../../core/sandbox/types.js';
import type { ValidationError } from '../../../core/validation.js';
import { answerConfirmation, awaitsCustomer, type ConfirmationDecision } from './confirmation.js';
import { controlError, ERROR_CODES, novasendError } from './errors.js';
import { openPayin, payinView, sessionView } from './payins.js';
import { initialNovasendState, type NovasendState } from './state.js';
import { emitCustomerAnswer } from './webhook-events.js';

/** Whether a parameter problem is the idempotency header missing or empty, which Novasend makes mandatory. */
function isIdempotencyKeyProblem(op: IndexedOperation | undefined, problem: ValidationError | undefined): boolean {
  const header = op?.idempotencyHeader?.toLowerCase();
  if (!header || !problem) return false;
  return (
    (problem.instancePath === '/header' && problem.params.missingProperty === header) ||
    problem.instancePath === `/header/${header}`
  );
}

/**
 * Novasend: payin sessions (Basic auth, mandatory `X-Idempotency-Key`) that wait for the customer's confirmation,
 * read back by reference, with `payin.confirmed` / `payin.declined` webhooks (unsigned: no scheme is documented).
 */
export const novasendSandbox: SandboxDefinition<NovasendState> = {
  slug: 'novasend',
  spec,
  validators,
  parameterValidators,
  defaultCredentials: { BasicAuth: { username: 'test_key', password: 'test_client' } },
  initialState: initialNovasendState,
  errors: {
    invalidRequest: (message, op, problem) => {
      // getPayin documents no 400: a reference that cannot name a payin is a payin not found.
      if (op?.operationId === 'getPayin') return novasendError(404, ERROR_CODES.payinNotFound, message);
      if (op && isIdempotencyKeyProblem(op, problem)) {
        return novasendError(
          400,
          ERROR_CODES.missingIdempotencyKey,
          `${op.idempotencyHeader} is mandatory: send a unique value per payment and reuse it only to retry the same request.`,
        );
      }
      return novasendError(400, ERROR_CODES.invalidRequest, message);
    },
    unauthorized: () =>
      novasendError(
        401,
        ERROR_CODES.unauthorized,
        'Invalid API credentials: send Authorization: Basic base64(api_key:api_client).',
      ),
    routeNotFound: (method, path) => novasendError(404, 'NOT_FOUND', `Novasend has no endpoint ${method} ${path}.`),
    idempotencyConflict: (op) =>
      novasendError(
        409,
        ERROR_CODES.idempotencyConflict,
        `This ${op.idempotencyHeader} was already used with a different request body; use a new key for a new payment.`,
      ),
  },
  handlers: {
    createPayinSession: ({ body, state, clock, newId }) => {
      const payin = openPayin(body as components['schemas']['CreatePayinSessionRequest'], newId('tr_'), clock.now());
      if (typeof payin === 'string') return novasendError(400, ERROR_CODES.invalidRequest, payin);
      state.payins.set(payin.reference, payin);
      return { status: 201, body: sessionView(payin) };
    },
    getPayin: ({ params, state }) => {
      const payin = state.payins.get(String(params.path.reference));
      if (!payin)
        return novasendError(
          404,
          ERROR_CODES.payinNotFound,
          `No payin with reference ${String(params.path.reference)}: use the reference the API returned, not your own.`,
        );
      return { status: 200, body: payinView(payin) };
    },
  },
  control: [
    {
      method: 'POST',
      path: '/payins/:reference/confirm',
      operationId: 'confirmNovasendPayin',
      handle: ({ params, body, state, clock, webhooks, newId }) => {
        const payin = state.payins.get(params.reference!);
        if (!payin) return controlError(404, 'not_found', `No Novasend payin ${params.reference} in this sandbox.`);
        if (!awaitsCustomer(payin))
          return controlError(
            409,
            'invalid_state',
            `The customer already answered this payin (confirmationStatus ${payin.confirmationStatus}).`,
          );
        answerConfirmation(payin, (body as { decision: ConfirmationDecision }).decision, clock.iso(), newId('tr_'));
        emitCustomerAnswer(webhooks, payin);
        return { status: 200, body: payinView(payin) };
      },
    },
  ],
};
