import { timingSafeEqual } from 'node:crypto';
import type { JsonObject } from '../openapi-document.js';
import type { IndexedOperation } from '../operation-index.js';
import type { ExpectedCredential, RequestParameters, SandboxContext, SandboxDefinition } from './types.js';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A credential as a request presents it: a key or token, or Basic's user name and password. */
export type GivenCredential = string | { username: string; password: string };

/** The credential a request presents for one security scheme, read where the spec says it travels. */
function presented(
  scheme: JsonObject,
  params: RequestParameters,
): string | { username: string; password: string } | undefined {
  if (scheme.type === 'apiKey') {
    const name = String(scheme.name);
    const value =
      scheme.in === 'header'
        ? params.header[name.toLowerCase()]
        : scheme.in === 'query'
          ? params.query[name]
          : undefined;
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
  const authorization = params.header.authorization;
  if (scheme.type !== 'http' || typeof authorization !== 'string') return undefined;
  const [kind = '', token] = authorization.split(/\s+/, 2);
  if (!token || kind.toLowerCase() !== String(scheme.scheme).toLowerCase()) return undefined;
  if (kind.toLowerCase() === 'basic') {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return token;
}

/** The credential a request presents for the spec's security scheme `name`, if any. */
export function presentedCredential<State>(
  definition: SandboxDefinition<State>,
  name: string,
  params: RequestParameters,
): GivenCredential | undefined {
  const schemes = (definition.spec.components as JsonObject | undefined)?.securitySchemes as
    | Record<string, JsonObject>
    | undefined;
  return presented(schemes?.[name] ?? {}, params);
}

/** Whether a presented credential is the expected one (compared in constant time). */
export function matchesCredential(expected: ExpectedCredential, given: GivenCredential): boolean {
  if (typeof expected === 'string') return typeof given === 'string' && same(expected, given);
  return (
    typeof given === 'object' && same(expected.username, given.username) && same(expected.password, given.password)
  );
}

/** Why a request was refused: the scheme it failed, and whether it sent no credential for it or a wrong one. */
export interface SecurityDenial {
  scheme: string;
  reason: 'missing' | 'invalid';
}

function dynamicMatch<State>(
  definition: SandboxDefinition<State>,
  name: string,
  given: string | { username: string; password: string },
  ctx: SandboxContext<State>,
): boolean {
  return typeof given === 'string' && definition.authenticateDynamic?.(name, given, ctx) === true;
}

/**
 * Checks the operation's security requirements (any one requirement must be fully met). Returns the first scheme
 * that failed, or undefined when the request may pass.
 */
export function checkSecurity<State>(
  definition: SandboxDefinition<State>,
  op: IndexedOperation,
  params: RequestParameters,
  credentials: Record<string, ExpectedCredential>,
  ctx: SandboxContext<State>,
): SecurityDenial | undefined {
  if (op.security.length === 0) return undefined;
  const schemes = ((definition.spec.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<
    string,
    JsonObject
  >;
  let failed: SecurityDenial | undefined;
  for (const requirement of op.security) {
    const names = Object.keys(requirement);
    if (names.length === 0) return undefined;
    let denial: SecurityDenial | undefined;
    for (const name of names) {
      const given = presented(schemes[name] ?? {}, params);
      const expected = credentials[name];
      if (given === undefined) denial = { scheme: name, reason: 'missing' };
      else if (
        expected !== undefined ? !matchesCredential(expected, given) : !dynamicMatch(definition, name, given, ctx)
      )
        denial = { scheme: name, reason: 'invalid' };
      if (denial) break;
    }
    if (!denial) return undefined;
    failed ??= denial;
  }
  return failed;
}

/**
 * The credential a request authenticated with, as one string: the rate-limit key of a `credential`-scoped limit.
 * Called after authentication has passed, so it names a caller the sandbox accepted.
 */
export function presentedCredentialKey<State>(
  definition: SandboxDefinition<State>,
  op: IndexedOperation,
  params: RequestParameters,
): string {
  const schemes = ((definition.spec.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<
    string,
    JsonObject
  >;
  for (const requirement of op.security) {
    for (const name of Object.keys(requirement)) {
      const given = presented(schemes[name] ?? {}, params);
      if (given !== undefined) return typeof given === 'string' ? given : `${given.username}:${given.password}`;
    }
  }
  return '';
}
