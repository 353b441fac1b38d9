import { InvalidArgumentError } from 'commander';
import {
  AUXILIARY_SPECS,
  isProviderSlug,
  PROVIDER_SLUGS,
  type ProviderSlug,
  type SpecSlug,
} from '../core/providers.js';
import { checkCorsOrigins } from '../core/sandbox/cors.js';
import { maskSecret } from './secrets.js';

/** Parsers for commander: each rejects a bad value with one sentence that says what to pass instead. */

export function providerArgument(value: string): ProviderSlug {
  if (!isProviderSlug(value))
    throw new InvalidArgumentError(`Unknown provider "${value}"; use one of: ${PROVIDER_SLUGS.join(', ')}.`);
  return value;
}

/** A provider, or an auxiliary spec that goes through the same pipeline (sandbox-control). */
export function specArgument(value: string): SpecSlug {
  if ((AUXILIARY_SPECS as readonly string[]).includes(value)) return value as SpecSlug;
  if (!isProviderSlug(value))
    throw new InvalidArgumentError(
      `Unknown spec "${value}"; use one of: ${[...PROVIDER_SLUGS, ...AUXILIARY_SPECS].join(', ')}.`,
    );
  return value;
}

export function portArgument(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new InvalidArgumentError(
      `"${value}" is not a port; pass a whole number from 0 to 65535 (0 picks a free one).`,
    );
  return port;
}

export function urlArgument(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL; pass one like http://127.0.0.1:3000/webhooks.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError(`"${value}" is not an http(s) URL; pass one like http://127.0.0.1:3000/webhooks.`);
  return value;
}

/** A repeatable origin (`http://127.0.0.1:8080`): scheme, host and port, nothing else. */
export function originArgument(value: string, previous: string[] = []): string[] {
  try {
    return [...previous, ...checkCorsOrigins([value])];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function countArgument(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1 || !Number.isSafeInteger(count))
    throw new InvalidArgumentError(`"${value}" is not a count; pass a whole number of at least 1.`);
  return count;
}

/** `--credential Scheme=value`, repeatable; for HTTP Basic the value is `user:password`. */
export function credentialArgument(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) {
    // Without "=", what was passed may be the secret itself: it is not echoed.
    const shown = at === value.length - 1 ? value : maskSecret(value);
    throw new InvalidArgumentError(`"${shown}" is not Scheme=value; pass e.g. --credential ApiKeyAuth=my_key.`);
  }
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
