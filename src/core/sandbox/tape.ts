/**
 * The values a request draws that are not deterministic (fresh ids, tokens, the time), recorded so a durable
 * sandbox (`--data`) can replay the request on restart and reach the same state. Each request runs with its own
 * tape (AsyncLocalStorage follows it across awaits, so concurrent requests never mix theirs); without `--data` no
 * tape is ever opened and each draw costs one check.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type TapeValue = string | number;

/** The values one request drew, in order; replaying hands them out again in the same order. */
export interface Tape {
  readonly values: TapeValue[];
  /** set while replaying: the next value to hand out */
  replayAt?: number;
}

const tapes = new AsyncLocalStorage<Tape>();
let enabled = false;

/** Turns recording on for the process (a sandbox with `--data` started). */
export function enableTapes(): void {
  enabled = true;
}

/** Whether tapes are recorded in this process (a durable sandbox runs in it). */
export function tapesEnabled(): boolean {
  return enabled;
}

/** Whether the code running now belongs to a request (or a replayed one), whose tape records its draws. */
export function hasTape(): boolean {
  return enabled && tapes.getStore() !== undefined;
}

/** Runs `fn` with `tape` as the current request's tape. */
export function withTape<T>(tape: Tape, fn: () => T): T {
  return enabled ? tapes.run(tape, fn) : fn();
}

/** Runs `fn` outside any request's tape: what only the live sandbox does (a webhook attempt) draws nothing. */
export function withoutTape<T>(fn: () => T): T {
  return enabled ? tapes.exit(fn) : fn();
}

/** A value drawn by `fresh`, recorded on the current tape, or the recorded one when replaying. */
export function drawn<T extends TapeValue>(fresh: () => T): T {
  if (!enabled) return fresh();
  const tape = tapes.getStore();
  if (!tape) return fresh();
  if (tape.replayAt !== undefined && tape.replayAt < tape.values.length) return tape.values[tape.replayAt++] as T;
  const value = fresh();
  if (tape.replayAt === undefined) tape.values.push(value);
  return value;
}
