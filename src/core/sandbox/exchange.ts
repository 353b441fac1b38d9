import type { IncomingMessage } from 'node:http';
import type { IndexedOperation } from '../operation-index.js';
import type { SandboxRuntime } from './runtime.js';
import type { SandboxContext, SandboxReply } from './types.js';

/** One API request as it moves through the sandbox's stages. */
export interface Exchange<State> {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly op: IndexedOperation;
  /** the request's tenant, once the tenant stage has found it (the default tenant before) */
  runtime: SandboxRuntime<State>;
  /** what the provider's handler sees: parameters, the parsed body once read, state, clock, webhooks */
  readonly ctx: SandboxContext<State>;
  /** headers every reply to this request carries, whichever stage answers (the rate-limit state) */
  replyHeaders?: Record<string, string>;
  /** set by the idempotency stage: records the reply this request got, or forgets the key when it got none */
  idempotency?: { settle(reply: SandboxReply): void; abandon(): void };
}

/** A stage answers the request (a reply) or lets it go on (undefined). */
export type Stage<State> = (exchange: Exchange<State>) => SandboxReply | undefined | Promise<SandboxReply | undefined>;

/** Runs the stages in order until one answers; synchronous stages cost no extra turn of the event loop. */
export async function runStages<State>(
  stages: readonly Stage<State>[],
  exchange: Exchange<State>,
): Promise<SandboxReply> {
  for (const stage of stages) {
    const outcome = stage(exchange);
    const reply = outcome instanceof Promise ? await outcome : outcome;
    if (reply) return reply;
  }
  throw new Error(`No stage answered ${exchange.op.operationId}; the last stage must always answer.`);
}
