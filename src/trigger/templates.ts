import { randomInt, randomUUID } from 'node:crypto';

/**
 * The reference syntax of flow files. A string value may hold `{{…}}` references:
 *
 * - `{{steps.<id>.body.<field>…}}`, `{{steps.<id>.status}}`, `{{steps.<id>.headers.<name>}}`: an earlier step's reply
 *   (array items by index: `body.items.0.id`);
 * - `{{vars.<name>}}`: a value of the flow's `vars`, made once per run;
 * - `{{webhookUrl}}`: the `--webhook-url` given to trigger (a field holding only it is removed when none was given);
 * - `{{uuid}}`: a fresh UUID; `{{digits:N}}`: N random digits (1 to 15).
 *
 * A string that is exactly one reference takes the referenced value with its type (a number stays a number); a
 * reference inside a longer string is written into it as text.
 */
export type Reference =
  | { kind: 'step'; step: string; path: string[] }
  | { kind: 'var'; name: string }
  | { kind: 'webhookUrl' }
  | { kind: 'uuid' }
  | { kind: 'digits'; count: number };

const TEMPLATE = /\{\{(.*?)\}\}/g;
const STEP_PARTS = ['status', 'body', 'headers'];

/** Reads one reference; throws a sentence saying what is wrong with it. */
export function parseReference(text: string): Reference {
  const expression = text.trim();
  if (expression === 'webhookUrl') return { kind: 'webhookUrl' };
  if (expression === 'uuid') return { kind: 'uuid' };
  const digits = /^digits:(\d+)$/.exec(expression);
  if (digits) {
    const count = Number(digits[1]);
    if (count < 1 || count > 15) throw new Error(`{{${expression}}} asks for ${count} digits; use 1 to 15.`);
    return { kind: 'digits', count };
  }
  const [root, name, ...rest] = expression.split('.');
  if (root === 'vars' && name && rest.length === 0) return { kind: 'var', name };
  if (root === 'steps' && name && rest[0] && STEP_PARTS.includes(rest[0]) && !rest.includes(''))
    return { kind: 'step', step: name, path: rest };
  throw new Error(
    `{{${expression}}} is not a reference; use {{steps.<id>.body.<field>}}, {{steps.<id>.status}}, {{steps.<id>.headers.<name>}}, {{vars.<name>}}, {{webhookUrl}}, {{uuid}} or {{digits:N}}.`,
  );
}

/** Every reference in a value (strings anywhere in it), for checking a flow before it runs. */
export function referencesIn(value: unknown): Reference[] {
  if (typeof value === 'string') return [...value.matchAll(TEMPLATE)].map((m) => parseReference(m[1] ?? ''));
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(referencesIn);
  return [];
}

/** What references resolve against while a flow runs. */
export interface TemplateScope {
  steps: Map<string, { status: number; body: unknown; headers: Record<string, string> }>;
  vars: Record<string, string>;
  webhookUrl?: string;
}

/** Marks a field to leave out: a value that is exactly `{{webhookUrl}}` when no webhook URL was given. */
const ABSENT = Symbol('absent');

function walk(value: unknown, path: string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function lookup(reference: Reference, scope: TemplateScope, text: string): unknown {
  switch (reference.kind) {
    case 'uuid':
      return randomUUID();
    case 'digits':
      return Array.from({ length: reference.count }, () => randomInt(10)).join('');
    case 'webhookUrl':
      return scope.webhookUrl ?? ABSENT;
    case 'var':
      return scope.vars[reference.name];
    case 'step': {
      const reply = scope.steps.get(reference.step);
      const [part, ...rest] = reference.path;
      const headers = reply?.headers ?? {};
      const found =
        part === 'status'
          ? reply?.status
          : part === 'headers'
            ? headers[rest.join('.').toLowerCase()]
            : walk(reply?.body, rest);
      if (found === undefined)
        throw new Error(
          `{{${text.trim()}}} found nothing: the reply of step "${reference.step}" has no ${reference.path.join('.')}.`,
        );
      return found;
    }
  }
}

function resolveString(text: string, scope: TemplateScope): unknown {
  const whole = /^\{\{([^}]*)\}\}$/.exec(text);
  if (whole) return lookup(parseReference(whole[1] ?? ''), scope, whole[1] ?? '');
  return text.replace(TEMPLATE, (_, inner: string) => {
    const found = lookup(parseReference(inner), scope, inner);
    if (found === ABSENT) throw new Error(`{{${inner.trim()}}} is empty: no --webhook-url was given.`);
    return typeof found === 'object' ? JSON.stringify(found) : String(found);
  });
}

/** The value with every reference replaced; a field whose value is an absent `{{webhookUrl}}` becomes `null`. */
export function resolveTemplates(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') return resolveString(value, scope);
  if (Array.isArray(value)) return value.map((item) => resolveTemplates(item, scope)).filter((item) => item !== ABSENT);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    // `null` removes the field from the spec example the body is merged over (RFC 7396), and is no parameter value.
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveTemplates(item, scope);
      out[key] = resolved === ABSENT ? null : resolved;
    }
    return out;
  }
  return value;
}

/** RFC 7396 JSON Merge Patch: objects merge key by key, `null` removes a key, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const base =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete base[key];
    else base[key] = mergePatch(base[key], value);
  }
  return base;
}
