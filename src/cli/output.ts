import { styleText } from 'node:util';

/** Exit codes of every command. */
export const EXIT = { ok: 0, failures: 1, usage: 2 } as const;

/** A mistake in how the command was called (or what it was pointed at): printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command ran and found failures (lint findings, breaking changes, failed scenarios): exit code 1. */
export class FailuresFound extends Error {
  override name = 'FailuresFound';
}

type Style = Parameters<typeof styleText>[0];

/** Colour only on a terminal, never when NO_COLOR is set (https://no-color.org) or TERM is dumb. */
export function colourEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export interface Output {
  /** a result line, on stdout */
  line(text: string): void;
  /** progress and notes, on stderr, so stdout stays parseable */
  note(text: string): void;
  paint(style: Style, text: string, stream?: 'out' | 'err'): string;
  /** `alyapay          lint       clean` */
  progress(slug: string, step: string, detail: string): void;
}

export function createOutput(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): Output {
  const colours = { out: colourEnabled(stdout), err: colourEnabled(stderr) };
  const paint = (style: Style, text: string, stream: 'out' | 'err' = 'out') =>
    colours[stream] ? styleText(style, text) : text;
  return {
    line: (text) => void stdout.write(`${text}\n`),
    note: (text) => void stderr.write(`${text}\n`),
    paint,
    progress: (slug, step, detail) =>
      void stderr.write(
        `${paint('bold', slug.padEnd(16), 'err')} ${paint('cyan', step.padEnd(10), 'err')} ${detail}\n`,
      ),
  };
}
