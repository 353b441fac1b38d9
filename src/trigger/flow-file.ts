import { type Document, LineCounter, parseDocument } from 'yaml';
import { isProviderSlug, PROVIDER_SLUGS } from '../core/providers.js';
import { type EventFlow, FlowError, type FlowFile, type FlowStep } from './types.js';

/**
 * Reads a flow file (YAML, or JSON, which is YAML too) into flows, checking its shape: every problem names the file,
 * the line and the step. What the steps call is checked against the specs by `checkFlowFile`.
 */
export function parseFlowFile(text: string, source: string): FlowFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lines.linePos(firstError.pos[0]).line;
    throw new FlowError(`${source}:${line}: not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  const at = (path: (string | number)[]) => `${source}:${lineOf(doc, lines, path)}`;
  const root = doc.toJS() as unknown;
  if (!isObject(root)) throw new FlowError(`${at([])}: a flow file is a mapping with "provider" and "events".`);
  unknownKeys(root, ['provider', 'events'], at([]), 'a flow file');
  const provider = root.provider;
  if (typeof provider !== 'string' || !isProviderSlug(provider))
    throw new FlowError(`${at(['provider'])}: "provider" must be one of: ${PROVIDER_SLUGS.join(', ')}.`);
  if (!isObject(root.events) || Object.keys(root.events).length === 0)
    throw new FlowError(`${at(['events'])}: "events" must map at least one event name to its flow.`);
  const flows = new Map<string, EventFlow>();
  for (const [event, flow] of Object.entries(root.events))
    flows.set(
      event,
      readFlow(event, flow, (path) => at(['events', event, ...path])),
    );
  return { provider, source, flows };
}

type At = (path: (string | number)[]) => string;

function readFlow(event: string, flow: unknown, at: At): EventFlow {
  if (!isObject(flow)) throw new FlowError(`${at([])} (${event}): a flow is a mapping with "steps".`);
  unknownKeys(flow, ['description', 'vars', 'steps'], at([]), `the flow of ${event}`);
  if (flow.description !== undefined && typeof flow.description !== 'string')
    throw new FlowError(`${at(['description'])} (${event}): "description" must be text.`);
  const vars = flow.vars ?? {};
  if (!isObject(vars) || !Object.values(vars).every((v) => typeof v === 'string'))
    throw new FlowError(`${at(['vars'])} (${event}): "vars" must map names to text values.`);
  if (!Array.isArray(flow.steps) || flow.steps.length === 0)
    throw new FlowError(`${at(['steps'])} (${event}): "steps" must be a list of at least one step.`);
  const steps = flow.steps.map((step, index) => readStep(event, step, index, (path) => at(['steps', index, ...path])));
  const seen = new Set<string>();
  for (const step of steps) {
    if (seen.has(step.id))
      throw new FlowError(`${step.where}: another step of this flow is already named "${step.id}"; give it an "id".`);
    seen.add(step.id);
  }
  return {
    event,
    description: (flow.description as string | undefined) ?? steps.map((s) => s.operation).join(' → '),
    vars: vars as Record<string, string>,
    steps,
    where: at([]),
  };
}

const STEP_KEYS = ['id', 'operation', 'path', 'query', 'headers', 'body', 'expectStatus'];

function readStep(event: string, step: unknown, index: number, at: At): FlowStep {
  const name = isObject(step) && typeof step.id === 'string' ? step.id : isObject(step) ? step.operation : undefined;
  const where = `${at([])} (${event}, step ${index + 1}${typeof name === 'string' ? ` "${name}"` : ''})`;
  if (!isObject(step)) throw new FlowError(`${where}: a step is a mapping with "operation".`);
  unknownKeys(step, STEP_KEYS, where, 'a step');
  if (typeof step.operation !== 'string' || step.operation === '')
    throw new FlowError(`${where}: "operation" must name an operationId of the provider or sandbox-control spec.`);
  if (step.id !== undefined && (typeof step.id !== 'string' || !/^[A-Za-z][\w-]*$/.test(step.id)))
    throw new FlowError(`${where}: "id" must be a name of letters, digits, "_" and "-", starting with a letter.`);
  for (const key of ['path', 'query', 'headers'] as const)
    if (step[key] !== undefined && !isObject(step[key]))
      throw new FlowError(`${where}: "${key}" must map parameter names to values.`);
  const expectStatus = step.expectStatus;
  if (
    expectStatus !== undefined &&
    !(Number.isInteger(expectStatus) && Number(expectStatus) >= 100 && Number(expectStatus) <= 599)
  )
    throw new FlowError(`${where}: "expectStatus" must be an HTTP status, 100 to 599.`);
  return {
    id: (step.id as string | undefined) ?? step.operation,
    operation: step.operation,
    path: (step.path as Record<string, unknown> | undefined) ?? {},
    query: (step.query as Record<string, unknown> | undefined) ?? {},
    headers: (step.headers as Record<string, unknown> | undefined) ?? {},
    ...(step.body !== undefined ? { body: step.body } : {}),
    ...(expectStatus !== undefined ? { expectStatus: expectStatus as number } : {}),
    where,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: string[], where: string, what: string): void {
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  if (extra !== undefined)
    throw new FlowError(
      `${where}: "${extra}" is not a key of ${what}; use ${allowed.map((k) => `"${k}"`).join(', ')}.`,
    );
}

/** The 1-based line of the node at `path`, or of its nearest parent that exists. */
function lineOf(doc: Document, lines: LineCounter, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return 1;
}
