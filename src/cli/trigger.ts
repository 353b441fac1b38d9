import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { JsonObject } from '../core/openapi-document.js';
import { PROVIDER_SLUGS, type ProviderSlug } from '../core/providers.js';
import { credentialArgument, providerArgument, urlArgument } from './arguments.js';
import { FailuresFound, type Output, UsageError } from './output.js';
import { bundledSpecFile } from './project.js';
import { resolveCredentials } from './sandbox.js';
import { maskUrlCredentials } from './secrets.js';

interface TriggerCommandOptions {
  list?: boolean;
  sandbox?: string;
  webhookUrl?: string;
  credential?: Record<string, string>;
  flow?: string;
}

const TRIGGER_HELP = `
Runs the event's flow: real API calls, plus sandbox control calls for what a customer, the network or time does.
Flows are data (flows/<slug>.yaml in the package); --flow FILE adds or replaces flows in the same format (README,
"Trigger a webhook event"). Without --sandbox, a throwaway sandbox delivers to --webhook-url and stops when the
delivery has its answer. Exit codes: 0 delivered, 1 a step failed or the delivery failed, 2 usage error.

Examples:
  $ paycontracts trigger haloubi-gateway --list
  $ paycontracts trigger haloubi-gateway payment.refunded --webhook-url http://127.0.0.1:3000/webhooks
  $ paycontracts trigger chari-pay payment.disputed --sandbox http://127.0.0.1:4010
  $ paycontracts trigger novasend payin.confirmed --webhook-url http://127.0.0.1:3000/hooks --flow my-flows.yaml`;

export function registerTrigger(program: Command, output: Output): void {
  program
    .command('trigger')
    .description(
      "Produce one of a provider's documented webhook events at your endpoint, signed as the provider signs it.",
    )
    .argument('<slug>', `the provider: ${PROVIDER_SLUGS.join(', ')}`, providerArgument)
    .argument('[event]', 'the webhook event, e.g. payment.refunded (see --list)')
    .option('--list', 'list every documented event with the flow that produces it')
    .option('--sandbox <url>', 'run against this running sandbox (the event goes where it delivers)', urlArgument)
    .option('--webhook-url <url>', 'where the event goes (a throwaway sandbox delivers there)', urlArgument)
    .option(
      '--credential <scheme=value>',
      'the credential to call with, by security scheme (repeatable; Basic: user:password)',
      credentialArgument,
    )
    .option('--flow <file>', 'a flow file (YAML or JSON) whose flows add to or replace the built-in ones')
    .addHelpText('after', TRIGGER_HELP)
    .action((slug: ProviderSlug, event: string | undefined, options: TriggerCommandOptions) =>
      runTrigger(slug, event, options, output),
    );
}

/** Every flow of the provider, one line each: the event, its steps, what they do. */
async function listFlows(slug: ProviderSlug, flowFile: string | undefined, output: Output): Promise<void> {
  const { loadFlows } = await import('../trigger/flows.js');
  const { catalog, file } = await loadFlows(slug, flowFile);
  if (catalog.events.length === 0) {
    output.line(`${slug} documents no webhook events, so there is nothing to trigger.`);
    return;
  }
  const width = Math.max(...catalog.events.map((e) => e.length));
  for (const event of catalog.events) {
    const flow = file.flows.get(event);
    const steps = flow ? flow.steps.map((s) => s.operation).join(' → ') : '(no flow: write one and pass --flow FILE)';
    output.line(`${event.padEnd(width)}  ${steps}${flow ? `  (${flow.description})` : ''}`);
  }
}

async function credentialsOf(slug: ProviderSlug, given: Record<string, string> | undefined) {
  if (!given) return undefined;
  const spec = JSON.parse(await readFile(bundledSpecFile(slug), 'utf8')) as JsonObject;
  const schemes = ((spec.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
  return resolveCredentials(slug, schemes, {}, { host: '', credential: given });
}

async function runTrigger(
  slug: ProviderSlug,
  event: string | undefined,
  options: TriggerCommandOptions,
  output: Output,
): Promise<void> {
  const flowFile = options.flow === undefined ? undefined : resolve(options.flow);
  const { FlowError } = await import('../trigger/types.js');
  try {
    if (options.list) return await listFlows(slug, flowFile, output);
    if (event === undefined)
      throw new UsageError(`Name the event to trigger, or pass --list to see ${slug}'s events and their flows.`);
    await triggerOne(slug, event, { ...options, flow: flowFile }, output);
  } catch (error) {
    if (error instanceof FlowError) throw new UsageError(error.message);
    throw error;
  }
}

async function triggerOne(
  slug: ProviderSlug,
  event: string,
  options: TriggerCommandOptions,
  output: Output,
): Promise<void> {
  const { triggerEvent } = await import('../trigger/trigger.js');
  const { FlowStepError } = await import('../trigger/run.js');
  const report = await triggerEvent({
    slug,
    event,
    sandboxUrl: options.sandbox,
    webhookUrl: options.webhookUrl,
    credentials: await credentialsOf(slug, options.credential),
    flowFile: options.flow,
    onStep: (step) => output.progress(step.id, String(step.status), `${step.method} ${step.path}`),
  }).catch((error: unknown) => {
    throw error instanceof FlowStepError ? new FailuresFound(error.message) : error;
  });
  for (const other of report.others) output.note(`also sent: ${other.event} (${other.state})`);
  const delivery = report.deliveries.at(-1);
  const endpoint = delivery?.url ? maskUrlCredentials(delivery.url) : undefined;
  if (!report.throwaway && endpoint)
    output.note(`${event} goes where the sandbox at ${report.sandboxUrl} delivers: ${endpoint}`);
  if (report.problem) throw new FailuresFound(report.problem);
  const payloadId = (delivery?.payload as { id?: unknown } | undefined)?.id;
  output.line(
    `${event} delivered to ${endpoint} (${delivery?.lastStatus})${typeof payloadId === 'string' ? ` ${payloadId}` : ''}`,
  );
}
