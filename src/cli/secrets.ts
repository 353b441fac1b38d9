import type { ExpectedCredential } from '../sandbox/index.js';

/**
 * What the CLI prints in place of a secret, so a key passed on the command line does not end up in a CI log:
 * `sk_l…(28 chars)`. The first four characters (a key's kind, e.g. `sk_l` for a live secret key) are shown only
 * when the secret is long enough that they give little away; a short one shows its length only.
 */
export function maskSecret(secret: string): string {
  const length = [...secret].length;
  const prefix = length >= 12 ? [...secret].slice(0, 4).join('') : '';
  return `${prefix}…(${length} chars)`;
}

/** A credential the sandbox accepts, masked: an API key or bearer secret, or HTTP Basic's `user:password`. */
export function maskCredential(credential: ExpectedCredential): string {
  return typeof credential === 'string'
    ? maskSecret(credential)
    : `${maskSecret(credential.username)}:${maskSecret(credential.password)}`;
}

/** A URL with the password of its user info masked (`https://user:…(9 chars)@host/path`). */
export function maskUrlCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password === '') return url;
  const password = decodeURIComponent(parsed.password);
  return url.replace(`:${parsed.password}@`, `:${maskSecret(password)}@`);
}
