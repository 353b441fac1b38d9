import { describeValidationErrors } from '../../validation.js';
import type { Exchange } from '../exchange.js';
import { malformedNumber } from '../parameter-text.js';
import type { SandboxReply } from '../types.js';

/** Parameters: path, query and header values against the spec, with the generated parameter validators. */
export function checkParameters<State>(x: Exchange<State>): SandboxReply | undefined {
  const { runtime, op } = x;
  const { definition } = runtime;
  const params = x.ctx.params;
  const notANumber = malformedNumber(definition.spec, op, params);
  if (notANumber) {
    const message = `Invalid parameter: ${describeValidationErrors([notANumber])}, written in decimal.`;
    return definition.errors.invalidRequest(message, op, notANumber, [notANumber]);
  }
  const check = definition.parameterValidators[op.operationId];
  if (check && !check(params)) {
    const problems = check.errors ?? [];
    return definition.errors.invalidRequest(
      `Invalid parameter: ${describeValidationErrors(problems)}.`,
      op,
      problems[0],
      problems,
    );
  }
  return undefined;
}
