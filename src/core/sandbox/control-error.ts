import type { components } from '../../../generated/sandbox-control/schema.js';
import type { SandboxReply } from './types.js';

/** The control API's error codes, from its spec (`SandboxError`). */
export type ControlErrorCode = components['schemas']['SandboxError']['error']['code'];

/** The control API's one error body (`SandboxError` in the sandbox-control spec), for the framework and providers. */
export function controlError(status: number, code: ControlErrorCode, message: string): SandboxReply {
  return { status, body: { error: { code, message } } };
}
