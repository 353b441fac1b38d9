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
