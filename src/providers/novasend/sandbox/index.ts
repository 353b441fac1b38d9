import { parameterValidators } from '../../../../generated/novasend/parameter-validators.js';
import type { components } from '../../../../generated/novasend/schema.js';
import spec from '../../../../generated/novasend/spec.js';
import { validators } from '../../../../generated/novasend/validators.js';
import type { IndexedOperation } from '../../../core/operation-index.js';
import type { SandboxContext, SandboxDefinition, SandboxReply } from '../../../core/sandbox/types.js';
import type { ValidationError } from '../../../core/validation.js';
import { expireOverdue } from './confirmation.js';
import { customerRoutes } from './customer-routes.js';
import { ERROR_CODES, novasendError } from './errors.js';
import { openPayin, payinView, sessionView } from './payins.js';
import { phoneRoutes } from './phone-page.js';
import { novasendResources } from './resources.js';
import { initialNovasendState, type NovasendState } from './state.js';

/** Whether a parameter problem is the idempotency header missing or empty, which Novasend makes mandatory. */
function isIdempotencyKeyProblem(op: IndexedOperation | undefined, problem: ValidationError | undefined): boolean {
  const header = op?.idempotencyHeader?.toLowerCase();
  if (!header || !problem) return false;
  return (
    (problem.instancePath === '/header' && problem.params.missingProperty === header) ||
    problem.instancePath === `/header/${header}`
  );
}

type Handler = (ctx: SandboxContext<NovasendState>) => SandboxReply;

/** Every request first lets time do its work, so a payin past its confirmation delay is never shown as waiting. */
function onTime(handler: Handler): Handler {
  return (ctx) => {
    expireOverdue(ctx.state, ctx.clock.now());
    return handler(ctx);
  };
}

function createPayinSession({ body, state, clock, newId, publicUrl }: SandboxContext<NovasendState>): SandboxReply {
  const request = body as components['schemas']['CreatePayinSessionRequest'];
  // "Identifiant unique de la transaction côté marchand": a reference names one payin only.
  if (state.byCustomerReference.has(request.reference))
    return novasendError(
      409,
      ERROR_CODES.duplicateReference,
      `reference ${request.reference} was already used for payin ${state.byCustomerReference.get(request.reference)}; send a new reference for a new payment, or resend the same request with the same X-Idempotency-Key to retry it.`,
    );
  const payin = openPayin(request, newId('tr_'), clock.now(), publicUrl);
  if (typeof payin === 'string') return novasendError(400, ERROR_CODES.invalidRequest, payin);
  state.payins.set(payin.reference, payin);
  state.byCustomerReference.set(payin.customerReference, payin.reference);
  return { status: 201, body: sessionView(payin) };
}

function getPayin({ params, state }: SandboxContext<NovasendState>): SandboxReply {
  const reference = String(params.path.reference);
  const payin = state.payins.get(reference);
  if (!payin)
    return novasendError(
      404,
      ERROR_CODES.payinNotFound,
      `No payin with reference ${reference}: use the reference the API returned, not your own.`,
    );
  return { status: 200, body: payinView(payin) };
}

/**
 * Novasend: payin sessions (Basic auth, mandatory `X-Idempotency-Key`, unique merchant reference) that wait for the
 * customer's confirmation and expire by themselves after the confirmation delay, read back by reference, with
 * `payin.confirmed` / `payin.declined` webhooks (unsigned: no scheme is documented).
 */
export const novasendSandbox: SandboxDefinition<NovasendState> = {
  slug: 'novasend',
  spec,
  validators,
  parameterValidators,
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
    // Novasend documents one answer to Basic auth failing, whether the credentials are missing or wrong.
    unauthorized: () =>
      novasendError(
        401,
        ERROR_CODES.unauthorized,
        'Invalid API credentials: send Authorization: Basic base64(api_key:api_client).',
      ),
    sandboxFault: (_op, message) =>
      novasendError(
        500,
        ERROR_CODES.serverError,
        `The Novasend sandbox failed on a valid request; this is a bug in the sandbox, not in your request, please report it: ${message}`,
      ),
    routeNotFound: (method, path) => novasendError(404, 'NOT_FOUND', `Novasend has no endpoint ${method} ${path}.`),
    idempotencyConflict: (op) =>
      novasendError(
        409,
        ERROR_CODES.idempotencyConflict,
        `This ${op.idempotencyHeader} was already used with a different request body; use a new key for a new payment.`,
      ),
  },
  handlers: { createPayinSession: onTime(createPayinSession), getPayin: onTime(getPayin) },
  control: [...customerRoutes, ...phoneRoutes],
  resources: novasendResources,
  onClockAdvance: ({ state, clock }) => expireOverdue(state, clock.now()),
};
