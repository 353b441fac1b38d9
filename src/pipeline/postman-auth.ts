import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';

export type SecurityScheme = JsonObject & {
  type?: string;
  in?: string;
  name?: string;
  scheme?: string;
  description?: string;
};
export type Requirement = Record<string, string[]>;

export interface PostmanVariable {
  key: string;
  value: string;
  type: 'string';
  description: string;
}

export function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function schemesOf(doc: OpenApiDocument): Record<string, SecurityScheme> {
  return ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
}

function isBasic(scheme: SecurityScheme): boolean {
  return scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic';
}

/** The collection variables a scheme needs: one per credential, named after the scheme in the spec. */
export function credentialVariables(name: string, scheme: SecurityScheme): PostmanVariable[] {
  const about = String(scheme.description ?? '').split('\n')[0] ?? '';
  if (isBasic(scheme)) {
    return [
      {
        key: `${camel(name)}Username`,
        value: '',
        type: 'string',
        description: `${name} (HTTP Basic) user name. ${about}`.trim(),
      },
      { key: `${camel(name)}Password`, value: '', type: 'string', description: `${name} (HTTP Basic) password.` },
    ];
  }
  const where = scheme.type === 'apiKey' ? `${scheme.in} ${scheme.name}` : `Authorization: Bearer`;
  return [{ key: camel(name), value: '', type: 'string', description: `${name} (${where}). ${about}`.trim() }];
}

/**
 * The environment values of a credential: `value` is the sandbox default (a string, or `{ username, password }`
 * for HTTP Basic), or undefined for empty secrets.
 */
export function credentialValues(name: string, scheme: SecurityScheme, value: unknown): [string, string][] {
  const keys = credentialVariables(name, scheme).map((v) => v.key);
  if (value === undefined) return keys.map((key) => [key, '']);
  if (isBasic(scheme)) {
    const pair = value as { username?: unknown; password?: unknown };
    if (typeof pair.username !== 'string' || typeof pair.password !== 'string')
      throw new Error(`The sandbox default for ${name} (HTTP Basic) needs a username and a password.`);
    return [
      [`${camel(name)}Username`, pair.username],
      [`${camel(name)}Password`, pair.password],
    ];
  }
  if (typeof value !== 'string') throw new Error(`The sandbox default for ${name} must be a string.`);
  return keys.map((key) => [key, value]);
}

export function authFor(doc: OpenApiDocument, requirement: Requirement | undefined): JsonObject {
  if (!requirement || Object.keys(requirement).length === 0) return { type: 'noauth' };
  const [name] = Object.keys(requirement);
  const scheme = name === undefined ? undefined : schemesOf(doc)[name];
  if (!scheme || name === undefined)
    throw new Error(`Security requirement names "${name}", which is not in components.securitySchemes.`);
  const entry = (key: string, value: string) => ({ key, value, type: 'string' });
  if (scheme.type === 'apiKey') {
    return {
      type: 'apikey',
      apikey: [entry('key', String(scheme.name)), entry('value', `{{${camel(name)}}}`), entry('in', String(scheme.in))],
    };
  }
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer')
    return { type: 'bearer', bearer: [entry('token', `{{${camel(name)}}}`)] };
  if (isBasic(scheme)) {
    return {
      type: 'basic',
      basic: [entry('username', `{{${camel(name)}Username}}`), entry('password', `{{${camel(name)}Password}}`)],
    };
  }
  throw new Error(
    `Security scheme "${name}" (${scheme.type}) has no Postman form here; add one in src/pipeline/postman-auth.ts.`,
  );
}
