import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { JsonObject } from '../core/openapi-document.js';
import { PROVIDER_SLUGS, type ProviderSlug } from '../core/providers.js';
import { JournalError } from '../core/sandbox/journal-error.js';
import type { ExpectedCredential } from '../sandbox/index.js';
import {
  countArgument,
  credentialArgument,
  isLoopback,
  originArgument,
  portArgument,
  providerArgument,
  urlArgument,
} from './arguments.js';
import { type Output, UsageError } from './output.js';
import { bundledSpecFile, untilStopped } from './project.js';
import { maskCredential, maskUrlCredentials } from './secrets.js';

interface SandboxCommandOptions {
  port?: number;
  host: string;
  webhookUrl?: string;
  webhookSecret?: string;
  publicUrl?: string;
  apiKey?: string;
  apiClient?: string;
  credential?: Record<string, string>;
  rateLimit?: number | false;
  corsOrigin?: string[];
  data?: string;
}

function isBasic(value: ExpectedCredential | undefined): value is { username: string; password: string } {
  return typeof value === 'object' && value !== null;
}

/**
 * The credentials the sandbox accepts: its defaults, with the flags on top. `--api-key` names the one scheme with a
 * fixed credential (an API key, a bearer secret, or the Basic user name), so no one has to know scheme names.
 */
export function resolveCredentials(
  slug: string,
  schemes: Record<string, JsonObject>,
  defaults: Record<string, ExpectedCredential>,
  options: SandboxCommandOptions,
): Record<string, ExpectedCredential> {
  const credentials = { ...defaults };
  const fixed = Object.keys(defaults);
  if (options.apiKey !== undefined || options.apiClient !== undefined) {
    const scheme = fixed.length === 1 ? fixed[0] : undefined;
    if (scheme === undefined)
      throw new UsageError(
        `${slug} has ${fixed.length} schemes with fixed credentials (${fixed.join(', ')}); use --credential Scheme=value instead of --api-key.`,
      );
    const current = credentials[scheme];
    if (isBasic(current)) {
      credentials[scheme] = {
        username: options.apiKey ?? current.username,
        password: options.apiClient ?? current.password,
      };
    } else {
      if (options.apiClient !== undefined)
        throw new UsageError(
          `--api-client is the password of HTTP Basic auth, which ${slug} does not use; pass --api-key only.`,
        );
      if (options.apiKey !== undefined) credentials[scheme] = options.apiKey;
    }
  }
  for (const [scheme, value] of Object.entries(options.credential ?? {})) {
    const definition = schemes[scheme];
    if (!definition)
      throw new UsageError(
        `${slug} has no security scheme "${scheme}"; use one of: ${Object.keys(schemes).join(', ')}.`,
      );
    if (definition.type === 'http' && String(definition.scheme).toLowerCase() === 'basic') {
      const colon = value.indexOf(':');
      if (colon <= 0) throw new UsageError(`${scheme} is HTTP Basic; pass --credential ${scheme}=user:password.`);
      credentials[scheme] = { username: value.slice(0, colon), password: value.slice(colon + 1) };
    } else {
      credentials[scheme] = value;
    }
  }
  return credentials;
}

/** What the sandbox accepts, for the start-up note: masked, so the note can go to a CI log. */
export function describeCredentials(credentials: Record<string, ExpectedCredential>): string {
  return Object.entries(credentials)
    .map(([scheme, value]) => `${scheme}=${maskCredential(value)}`)
    .join(', ');
}

const SANDBOX_HELP = `
Prints exactly "listening on http://HOST:PORT" on stdout once ready (notes go to stderr), and stops cleanly on
Ctrl-C or SIGTERM. Without credential flags it accepts the sandbox defaults listed in the docs' sandbox guide, and
every credential that starts with test_ (Basic: test_<x>:test_<y>), each with its own isolated state (a tenant).
A credential flag pins the one credential it accepts.

Examples:
  $ paycontracts sandbox alyapay --port 4010
  $ paycontracts sandbox chari-pay --webhook-url http://127.0.0.1:3000/webhooks --webhook-secret whsec_test
  $ paycontracts sandbox novasend --api-key my_key --api-client my_client
  $ paycontracts sandbox chari-pay --rate-limit 5
  $ paycontracts sandbox haloubi-gateway --data ./sandbox-haloubi.db`;

export function registerSandbox(program: Command, output: Output): void {
  program
    .command('sandbox')
    .description(
      "Start a provider's stateful sandbox on loopback: its API as the spec says, plus the /__sandbox control API.",
    )
    .argument('<slug>', `the provider: ${PROVIDER_SLUGS.join(', ')}`, providerArgument)
    .option('--port <n>', 'port to listen on (default: a free one)', portArgument)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--webhook-url <url>', 'where the sandbox delivers webhooks', urlArgument)
    .option(
      '--public-url <url>',
      'the base URL callers reach the sandbox at, behind a proxy: every URL it hands out starts with it',
      urlArgument,
    )
    .option('--webhook-secret <secret>', 'secret the deliveries are signed with')
    .option(
      '--api-key <key>',
      'the API key the sandbox accepts (Chari Pay: the secret key; Novasend: the api_key user name)',
    )
    .option('--api-client <value>', 'Novasend: the api_client password of Basic auth')
    .option(
      '--credential <scheme=value>',
      'accept this credential for a security scheme of the spec (repeatable; Basic: user:password)',
      credentialArgument,
    )
    .option(
      '--rate-limit <n>',
      'set every documented rate limit (x-rate-limit) to n requests per its window, to see the 429 sooner',
      countArgument,
    )
    .option('--no-rate-limit', 'lift the documented rate limits (load tests)')
    .option(
      '--cors-origin <origin>',
      "let pages at this origin call the provider API (repeatable), e.g. the docs' try-it console",
      originArgument,
    )
    .option(
      '--data <file>',
      "keep every tenant's state in this SQLite file (created if missing): a restart resumes it; one process per file",
    )
    .addHelpText('after', SANDBOX_HELP)
    .action((slug: ProviderSlug, options: SandboxCommandOptions) => runSandbox(slug, options, output));
}

/** Starts the sandbox the command names, prints its URL and notes, and runs until Ctrl-C or SIGTERM. */
async function runSandbox(slug: ProviderSlug, options: SandboxCommandOptions, output: Output): Promise<void> {
  const spec = JSON.parse(await readFile(bundledSpecFile(slug), 'utf8')) as JsonObject;
  const schemes = ((spec.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
  const { sandboxDefaults, startSandbox } = await import('../sandbox/index.js');
  const defaults = await sandboxDefaults(slug);
  const credentials = resolveCredentials(slug, schemes, defaults.credentials, options);
  // A credential flag pins what the sandbox accepts (one tenant); without one, every test credential owns a tenant.
  const pinned = options.apiKey !== undefined || options.apiClient !== undefined || options.credential !== undefined;
  if (typeof options.rateLimit === 'number' && defaults.rateLimits.length === 0)
    throw new UsageError(
      `${slug} documents no rate limit, so --rate-limit does not apply; only providers whose spec documents one take it.`,
    );
  if (!isLoopback(options.host))
    output.note(
      output.paint(
        'yellow',
        `warning: listening on ${options.host}, which other machines may reach; control calls now need a credential the sandbox accepts.`,
        'err',
      ),
    );
  const sandbox = await startSandbox(slug, {
    host: options.host,
    port: options.port,
    webhookUrl: options.webhookUrl,
    webhookSecret: options.webhookSecret,
    publicUrl: options.publicUrl,
    credentials: pinned ? credentials : undefined,
    rateLimit: options.rateLimit,
    corsOrigins: options.corsOrigin,
    data: options.data,
  }).catch((error: unknown) => {
    if (error instanceof JournalError) throw new UsageError(error.message);
    throw error;
  });
  output.line(`listening on ${sandbox.url}`);
  const accepts = pinned
    ? `accepts only ${describeCredentials(credentials)}`
    : `accepts ${describeCredentials(credentials)}, and any test credential (test_…), each its own tenant`;
  output.note(`${slug} sandbox: ${accepts}; control API at ${sandbox.url}/__sandbox; press Ctrl-C to stop.`);
  if (options.rateLimit === false) output.note('rate limits: lifted (--no-rate-limit)');
  else if (defaults.rateLimits.length > 0)
    output.note(
      `rate limits: as documented${typeof options.rateLimit === 'number' ? `, each set to ${options.rateLimit} requests per window` : ''}; --no-rate-limit lifts them`,
    );
  if (options.corsOrigin) output.note(`CORS: the provider API answers pages at ${options.corsOrigin.join(', ')}`);
  if (options.webhookUrl) output.note(`webhooks go to ${maskUrlCredentials(options.webhookUrl)}`);
  if (options.data) output.note(`state: kept in ${options.data} (each answered request is on disk before its reply)`);
  await untilStopped();
  await sandbox.close();
}
