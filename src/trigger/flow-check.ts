import type { FlowCatalog } from './operations.js';
import { isJsonBody } from './operations.js';
import { type Reference, referencesIn } from './templates.js';
import { type EventFlow, FlowError, type FlowFile, type FlowStep } from './types.js';

/**
 * Checks a parsed flow file against the specs before anything runs: each event is documented, each step names an
 * available operation, its parameters exist, a required path parameter has a value or an example, and every
 * reference points at a var or an earlier step.
 */
export function checkFlowFile(file: FlowFile, catalog: FlowCatalog): void {
  for (const flow of file.flows.values()) {
    if (!catalog.events.includes(flow.event))
      throw new FlowError(
        `${flow.where}: "${flow.event}" is not a webhook event ${file.provider} documents; use one of: ${catalog.events.join(', ') || 'none (it documents no webhooks)'}.`,
      );
    checkVars(flow);
    const earlier: string[] = [];
    for (const step of flow.steps) {
      checkStep(step, catalog);
      for (const reference of stepReferences(step)) checkReference(reference, step.where, flow, earlier);
      earlier.push(step.id);
    }
  }
}

function checkVars(flow: EventFlow): void {
  const defined: string[] = [];
  for (const [name, value] of Object.entries(flow.vars)) {
    const where = `${flow.where} (${flow.event}, vars.${name})`;
    for (const reference of parseAll(value, where)) {
      if (reference.kind === 'step' || reference.kind === 'webhookUrl')
        throw new FlowError(
          `${where}: a var is made before any step runs; it may use {{uuid}}, {{digits:N}} and earlier vars.`,
        );
      if (reference.kind === 'var' && !defined.includes(reference.name))
        throw new FlowError(`${where}: {{vars.${reference.name}}} is not a var defined above it.`);
    }
    defined.push(name);
  }
}

function parseAll(value: unknown, where: string): Reference[] {
  try {
    return referencesIn(value);
  } catch (error) {
    throw new FlowError(`${where}: ${(error as Error).message}`);
  }
}

function stepReferences(step: FlowStep): Reference[] {
  return parseAll([step.path, step.query, step.headers, step.body], step.where);
}

function checkReference(reference: Reference, where: string, flow: EventFlow, earlier: string[]): void {
  if (reference.kind === 'var' && !(reference.name in flow.vars))
    throw new FlowError(
      `${where}: {{vars.${reference.name}}} is not defined; add it under "vars" (defined: ${Object.keys(flow.vars).join(', ') || 'none'}).`,
    );
  if (reference.kind === 'step' && !earlier.includes(reference.step))
    throw new FlowError(
      `${where}: {{steps.${reference.step}.…}} names no earlier step; a step can read the steps before it (${earlier.join(', ') || 'none'}).`,
    );
}

function checkStep(step: FlowStep, catalog: FlowCatalog): void {
  const found = catalog.find(step.operation);
  if (!found)
    throw new FlowError(
      `${step.where}: no operation "${step.operation}" in the ${catalog.slug} or sandbox-control spec; name an operationId of either.`,
    );
  const { operation } = found;
  if (operation.comingSoon)
    throw new FlowError(`${step.where}: ${step.operation} is documented as coming soon; no sandbox serves it yet.`);
  for (const place of ['path', 'query', 'headers'] as const) {
    const location = place === 'headers' ? 'header' : place;
    const known = operation.parameters.filter((p) => p.in === location).map((p) => p.name.toLowerCase());
    const unknown = Object.keys(step[place]).find((name) => !known.includes(name.toLowerCase()));
    if (unknown !== undefined)
      throw new FlowError(
        `${step.where}: ${step.operation} has no ${location} parameter "${unknown}"${known.length ? `; it has: ${known.join(', ')}` : ''}.`,
      );
  }
  for (const parameter of operation.parameters)
    if (parameter.in === 'path' && step.path[parameter.name] === undefined && parameter.example === undefined)
      throw new FlowError(
        `${step.where}: ${step.operation} needs the path parameter "${parameter.name}"; set it under "path".`,
      );
  if (step.body !== undefined && !operation.requestBody)
    throw new FlowError(`${step.where}: ${step.operation} takes no request body; remove "body".`);
  if (!isJsonBody(operation))
    throw new FlowError(
      `${step.where}: ${step.operation} takes ${operation.requestBody?.contentType}; flows send JSON bodies only.`,
    );
}
