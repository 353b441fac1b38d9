import { describeValidationErrors } from '../../validation.js';
import type { Exchange } from '../exchange.js';
import type { SandboxReply } from '../types.js';

/** Whether the operation documents `status`, exactly or through a `4XX`-style range or `default`, as clients read it. */
export function documentsStatus(documented: readonly string[], status: number): boolean {
  const code = String(status);
  return documented.includes(code) || documented.includes(`${code[0]}XX`) || documented.includes('default');
}

/**
 * Response check: the reply is held against the provider spec (status documented, body valid), and any mismatch is
 * recorded as a violation of the sandbox's own. Adds the headers every reply carries: the rate-limit state, and the
 * request id echoed only when the caller sent one (`x-request-id: true`).
 */
export function checkReply<State>(x: Exchange<State>, reply: SandboxReply): SandboxReply {
  const { runtime, op } = x;
  let headers = reply.headers;
  if (x.replyHeaders) headers = { ...headers, ...x.replyHeaders };
  if (op.requestIdHeader) {
    const sent = x.req.headers[op.requestIdHeader.toLowerCase()];
    if (typeof sent === 'string' && sent.length > 0) headers = { ...headers, [op.requestIdHeader]: sent };
  }
  if (!documentsStatus(op.statuses, reply.status)) {
    runtime.responseViolations.push(`${op.operationId}: undocumented status ${reply.status}`);
  } else {
    const check = runtime.definition.validators.responses[op.operationId]?.[String(reply.status)];
    if (check && !check(reply.body)) {
      runtime.responseViolations.push(`${op.operationId} ${reply.status}: ${describeValidationErrors(check.errors)}`);
    }
  }
  return headers === reply.headers ? reply : { ...reply, headers };
}
