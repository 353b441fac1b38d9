import { applySecurity, type Credentials } from '../core/auth.js';
import { SandboxControl, type WebhookDelivery } from '../sandbox/control-client.js';
import type { FlowCatalog } from './operations.js';
import { buildStepRequest } from './step-request.js';
import { resolveTemplates, type TemplateScope } from './templates.js';
import type { EventFlow, FlowStep } from './types.js';

/** One step as it ran. */
export interface StepOutcome {
  id: string;
  operation: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
}

/** A step that answered other than it should: what it called, what it got, and where the step is written. */
export class FlowStepError extends Error {
  override name = 'FlowStepError';
}

export interface RunContext {
  baseUrl: string;
  credentials: Credentials;
  webhookUrl?: string;
  fetch?: typeof fetch;
  /** called as each step answers, for progress output */
  onStep?(outcome: StepOutcome): void;
}

async function readReply(response: Response): Promise<{ body: unknown; headers: Record<string, string> }> {
  const raw = await response.text();
  let body: unknown = raw;
  try {
    body = raw === '' ? undefined : JSON.parse(raw);
  } catch {
    // a page or a plain-text answer is kept as text
  }
  return { body, headers: Object.fromEntries(response.headers) };
}

async function runStep(
  step: FlowStep,
  catalog: FlowCatalog,
  context: RunContext,
  scope: TemplateScope,
): Promise<StepOutcome> {
  const found = catalog.find(step.operation);
  if (!found) throw new FlowStepError(`${step.where}: no operation "${step.operation}".`);
  let request: ReturnType<typeof buildStepRequest>;
  try {
    request = buildStepRequest(step, found, catalog, { ...context, scope });
  } catch (error) {
    throw new FlowStepError(`${step.where}: ${(error as Error).message}`);
  }
  const response = await (context.fetch ?? globalThis.fetch)(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
  });
  const { body, headers } = await readReply(response);
  const outcome = {
    id: step.id,
    operation: step.operation,
    method: request.method,
    path: request.url.pathname,
    status: response.status,
    body,
  };
  const expected = step.expectStatus;
  if (expected === undefined ? response.status < 200 || response.status > 299 : response.status !== expected) {
    const shown = typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)?.slice(0, 300);
    throw new FlowStepError(
      `${step.where}: ${step.operation} (${request.method} ${request.url.pathname}) answered ${response.status}, expected ${expected ?? 'a 2xx'}: ${shown ?? '(no body)'}`,
    );
  }
  scope.steps.set(step.id, { status: response.status, body, headers });
  return outcome;
}

/** Runs a flow's steps in order against a sandbox; each step's reply is there for the references of the next. */
export async function runFlow(flow: EventFlow, catalog: FlowCatalog, context: RunContext): Promise<StepOutcome[]> {
  const scope: TemplateScope = { steps: new Map(), vars: {}, webhookUrl: context.webhookUrl };
  for (const [name, value] of Object.entries(flow.vars)) scope.vars[name] = String(resolveTemplates(value, scope));
  const outcomes: StepOutcome[] = [];
  for (const step of flow.steps) {
    const outcome = await runStep(step, catalog, context, scope);
    context.onStep?.(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}

/** What became of the event a flow produced. */
export interface TriggerResult {
  steps: StepOutcome[];
  /** the deliveries of the event this run caused (normally one) */
  deliveries: WebhookDelivery[];
  /** every other webhook the run caused, e.g. `payment.authorized` on the way to `payment.refunded` */
  others: WebhookDelivery[];
}

/**
 * Runs the flow of `flow.event` and reads, from the sandbox's webhook log, the deliveries the run caused. The log
 * answers once the deliveries under way have their first answer, so `deliveries` holds the receiver's status.
 */
export async function triggerFlow(flow: EventFlow, catalog: FlowCatalog, context: RunContext): Promise<TriggerResult> {
  // A sandbox off loopback wants a credential it accepts on control calls too.
  const headers = new Headers();
  applySecurity(catalog.provider, catalog.security, context.credentials, headers);
  const control = new SandboxControl(context.baseUrl, context.fetch, Object.fromEntries(headers));
  const before = new Set((await control.webhooks()).map((d) => d.id));
  const steps = await runFlow(flow, catalog, context);
  const caused = (await control.webhooks()).filter((d) => !before.has(d.id));
  return {
    steps,
    deliveries: caused.filter((d) => d.event === flow.event),
    others: caused.filter((d) => d.event !== flow.event),
  };
}
