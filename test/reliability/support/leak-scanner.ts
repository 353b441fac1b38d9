import { inspect } from 'node:util';
import type { Logger } from '../../../src/core/client.js';

/** Everything a client logged, as it was handed to the logger. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  details?: Record<string, unknown>;
}

export function capturingLogger(entries: LogEntry[]): Logger {
  const at = (level: LogEntry['level']) => (message: string, details?: Record<string, unknown>) =>
    entries.push({ level, message, details });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** One text a person or a log pipeline could see, and where it came from. */
export interface ScannedText {
  where: string;
  text: string;
}

/** Every way a log entry reaches a log line: the message and the serialized details. */
export function logTexts(entry: LogEntry, index: number): ScannedText[] {
  const where = `log #${index} (${entry.level} "${entry.message.slice(0, 60)}")`;
  return [
    { where: `${where} message`, text: entry.message },
    { where: `${where} JSON`, text: JSON.stringify(entry.details ?? {}) },
    { where: `${where} inspect`, text: inspect(entry.details, { depth: Number.POSITIVE_INFINITY }) },
  ];
}

/** Every way an error reaches a log line or an error tracker: message, stack, JSON, util.inspect (with its cause), toString. */
export function errorTexts(error: unknown, label: string): ScannedText[] {
  const e = error as Error;
  return [
    { where: `${label} message`, text: String(e?.message) },
    { where: `${label} stack`, text: String(e?.stack) },
    { where: `${label} JSON`, text: JSON.stringify(error) ?? '' },
    { where: `${label} inspect`, text: inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: false }) },
    { where: `${label} toString`, text: String(error) },
  ];
}

export interface Secrets {
  /** exact values that must never appear: keys, tokens, credentials, PANs, webhook secrets */
  values: Record<string, string>;
  /** CVVs sent in this run: a leak is the value next to its name (`cvv: 987`, `"Cvv":"987"`) */
  cvvs: string[];
}

export interface Leak {
  where: string;
  secret: string;
}

/** Finds each secret in each text. */
export function findLeaks(texts: ScannedText[], secrets: Secrets): Leak[] {
  const leaks: Leak[] = [];
  const cvvInContext = new RegExp(`\\b(?:cvv2?|cvc2?|csc|card_?cvv)\\b\\W{0,6}(${secrets.cvvs.join('|')})\\b`, 'i');
  for (const { where, text } of texts) {
    for (const [name, value] of Object.entries(secrets.values))
      if (text.includes(value)) leaks.push({ where, secret: name });
    if (secrets.cvvs.length > 0 && cvvInContext.test(text)) leaks.push({ where, secret: 'CVV' });
  }
  return leaks;
}
