import type { PaymentApiError } from '../errors.js';
import type { IndexedOperation } from '../operation-index.js';
import { redactHeaders } from '../redact.js';
import { isReplayable, retryDelayMs, shouldRetry } from '../retry-policy.js';
import { type AttemptTimer, sendAttempt, sleep } from './attempt.js';
import { checkRequestBody, type PendingRequest, type PreparedRequest, prepareRequest } from './prepare.js';
import { answeredRequestId, checkResponse } from './response.js';
import type { ClientContext } from './settings.js';
import type { CallMeta, CallOptions } from './types.js';

/** One logical call: its operation, options, the metadata it reports, and the timer of its running attempt. */
export interface Call {
  op: IndexedOperation;
  options: CallOptions;
  meta: CallMeta;
  timer: AttemptTimer;
  /** the caller's body, when openapi-fetch serialized it as JSON: what request validation checks */
  body?: { value: unknown };
}

/**
 * The fetch openapi-fetch calls for one logical call: prepare the request once, check its body, then attempt, decide
 * whether to retry, and hand the answer to the response step.
 */
export function callFetch(ctx: ClientContext, call: Call): (pending: PendingRequest) => Promise<Response> {
  return async (pending) => {
    const prepared = await prepareRequest(ctx, call.op, call.options, call.meta, pending);
    if (ctx.validateRequests) checkRequestBody(ctx, call.op, prepared, call.meta, call.body);
    return attemptUntilAnswered(ctx, call, prepared);
  };
}

/** Attempts until an answer is final: a success, an error not worth retrying, or the last retry spent. */
async function attemptUntilAnswered(ctx: ClientContext, call: Call, request: PreparedRequest): Promise<Response> {
  const { op, options, meta } = call;
  const timeoutMs = options.timeoutMs ?? ctx.timeoutMs;
  const policy = {
    maxRetries: options.maxRetries ?? ctx.maxRetries,
    replayable: isReplayable(request.method, op.idempotencyHeader !== undefined),
  };
  const target = { provider: ctx.slug, method: request.method, path: op.path, secrets: ctx.secrets };
  const line = `${ctx.slug} ${request.method} ${op.path}`;
  for (let attempt = 0; ; attempt++) {
    meta.retries = attempt;
    const started = performance.now();
    const outcome = await sendAttempt(
      {
        transport: ctx.transport,
        request,
        target: { ...target, requestId: meta.requestId },
        attempt,
        timeoutMs,
        signal: options.signal,
      },
      call.timer,
    );
    ctx.logger?.debug?.(`${line} → ${reasonOf(outcome)}`, {
      attempt: attempt + 1,
      ms: Math.round(performance.now() - started),
      headers: redactHeaders(request.headers),
    });
    const delay = shouldRetry(outcome, attempt, policy)
      ? retryDelayMs(attempt, outcome instanceof Response ? outcome.headers : undefined)
      : undefined;
    if (delay !== undefined) {
      if (outcome instanceof Response) await outcome.body?.cancel().catch(() => undefined);
      ctx.logger?.info?.(`${line}: retrying in ${delay} ms`, { attempt: attempt + 1, reason: reasonOf(outcome) });
      await sleep(delay, options.signal);
      continue;
    }
    if (!(outcome instanceof Response)) {
      ctx.logger?.warn?.(outcome.message, { kind: outcome.kind, retries: attempt });
      throw outcome;
    }
    meta.requestId = answeredRequestId(op, outcome, meta.requestId);
    if (ctx.validateResponses) await checkResponse(ctx, op, outcome, meta);
    return outcome;
  }
}

function reasonOf(outcome: Response | PaymentApiError): string | number {
  return outcome instanceof Response ? outcome.status : outcome.kind;
}
