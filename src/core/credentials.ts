/** One sentence for a missing credential: what is missing and where the sandbox default is. */
export function requireCredential(provider: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(
      `${provider}: the ${option} option is required (a string). For the local sandbox use "test_key".`,
    );
  }
  return value;
}

export function optionalCredential(provider: string, option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0)
    throw new TypeError(`${provider}: ${option} must be a non-empty string when given.`);
  return value;
}

/** Reads a field of an error body without trusting its shape. */
export function field(body: unknown, ...path: string[]): unknown {
  let node = body;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function asCode(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

export function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
