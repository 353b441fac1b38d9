import type { Credentials } from '../core/auth.js';
import type { ProviderSlug } from '../core/providers.js';
import type { WebhookDelivery } from '../sandbox/control-client.js';
import { SandboxControl } from '../sandbox/control-client.js';
import { type ExpectedCredential, sandboxDefaults, startSandbox } from '../sandbox/index.js';
import { loadFlows } from './flows.js';
import { type StepOutcome, type TriggerResult, triggerFlow } from './run.js';
import { referencesIn } from './templates.js';
import { type EventFlow, FlowError } from './types.js';

export interface TriggerOptions {
  slug: ProviderSlug;
  event: string;
  /** a running sandbox; without it a throwaway sandbox delivering to `webhookUrl` is started and stopped */
  sandboxUrl?: string;
  webhookUrl?: string;
  /** by security scheme name; the sandbox defaults otherwise (a throwaway sandbox accepts these instead) */
  credentials?: Credentials;
  /** a flow file (`--flow`) whose flows take the place of the built-in ones */
  flowFile?: string;
  fetch?: typeof fetch;
  onStep?(outcome: StepOutcome): void;
}

export interface TriggerReport extends TriggerResult {
  flow: EventFlow;
  sandboxUrl: string;
  throwaway: boolean;
  /** why the event did not reach the endpoint; absent when it was delivered */
  problem?: string;
}

/** Why the event is not at its endpoint, or `undefined` when it was delivered. */
export function deliveryProblem(event: string, deliveries: WebhookDelivery[], throwaway = false): string | undefined {
  const delivery = deliveries.at(-1);
  if (!delivery) return `The flow ran, but the sandbox sent no ${event}.`;
  if (delivery.state === 'delivered') return undefined;
  if (delivery.state === 'no-endpoint')
    return `The sandbox has no webhook endpoint, so ${event} was only recorded; start it with --webhook-url, or run trigger without --sandbox and with --webhook-url.`;
  const attempt = delivery.attempts.at(-1);
  const answer =
    attempt?.status !== undefined ? `answered ${attempt.status}` : `failed (${attempt?.error ?? 'no answer'})`;
  const retry =
    delivery.state !== 'pending'
      ? ''
      : throwaway
        ? '; the throwaway sandbox has stopped, so it is not retried'
        : '; the sandbox retries it on its documented schedule';
  return `${event} was sent to ${delivery.url ?? 'the endpoint'}, which ${answer}${retry}.`;
}

function usesWebhookUrl(flow: EventFlow): boolean {
  return referencesIn(flow.steps.map((s) => [s.path, s.query, s.headers, s.body])).some((r) => r.kind === 'webhookUrl');
}

async function checkSandbox(url: string, slug: ProviderSlug, fetchImpl?: typeof fetch): Promise<void> {
  let provider: string;
  try {
    provider = (await new SandboxControl(url, fetchImpl).health()).provider;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new FlowError(
      `No paycontracts sandbox answers at ${url} (${cause}); start one with \`paycontracts sandbox ${slug}\`.`,
    );
  }
  if (provider !== slug)
    throw new FlowError(`The sandbox at ${url} is ${provider}'s, not ${slug}'s; pass the URL of a ${slug} sandbox.`);
}

/**
 * Produces one documented webhook event, as `stripe trigger` does: runs the event's flow of API and control calls
 * against a sandbox and reports the delivery from the sandbox's webhook log.
 */
export async function triggerEvent(options: TriggerOptions): Promise<TriggerReport> {
  const { catalog, file } = await loadFlows(options.slug, options.flowFile);
  const flow = file.flows.get(options.event);
  if (!flow)
    throw new FlowError(
      catalog.events.includes(options.event)
        ? `No flow produces ${options.event}; write one and pass it with --flow FILE.`
        : `"${options.event}" is not a webhook event ${options.slug} documents; use one of: ${catalog.events.join(', ') || 'none (it documents no webhooks)'}.`,
    );
  if (options.sandboxUrl && options.webhookUrl && !usesWebhookUrl(flow))
    throw new FlowError(
      `The flow of ${options.event} sends no per-payment endpoint, so --webhook-url does not apply with --sandbox: the event goes where that sandbox delivers (its own --webhook-url).`,
    );
  if (!options.sandboxUrl && !options.webhookUrl)
    throw new FlowError('Pass --webhook-url (where the event goes), or --sandbox URL to use a running sandbox.');
  const credentials = { ...(await sandboxDefaults(options.slug)).credentials, ...options.credentials };
  const throwaway = options.sandboxUrl
    ? undefined
    : await startSandbox(options.slug, {
        webhookUrl: options.webhookUrl,
        credentials: acceptedBy(options.credentials),
      });
  const sandboxUrl = throwaway?.url ?? String(options.sandboxUrl);
  try {
    if (!throwaway) await checkSandbox(sandboxUrl, options.slug, options.fetch);
    const context = { ...options, baseUrl: sandboxUrl, credentials };
    const result = await triggerFlow(flow, catalog, context);
    const problem = deliveryProblem(options.event, result.deliveries, throwaway !== undefined);
    return { ...result, flow, sandboxUrl, throwaway: throwaway !== undefined, ...(problem ? { problem } : {}) };
  } finally {
    await throwaway?.close();
  }
}

/** The credentials a throwaway sandbox accepts: the ones given, by scheme. */
function acceptedBy(credentials: Credentials | undefined): Record<string, ExpectedCredential> | undefined {
  if (!credentials) return undefined;
  return Object.fromEntries(
    Object.entries(credentials).filter((entry): entry is [string, ExpectedCredential] => entry[1] !== undefined),
  );
}
