import type { SandboxReply } from './types.js';

/** The control API's one error body (`SandboxError` in the sandbox-control spec). */
export function controlError(status: number, code: string, message: string): SandboxReply {
  return { status, body: { error: { code, message } } };
}
