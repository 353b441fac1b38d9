import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';

/** A spec the diff cannot read; the message says what to do. */
export class SpecLoadError extends Error {
  override name = 'SpecLoadError';
}

function hasExternalRef(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasExternalRef);
  if (typeof node !== 'object' || node === null) return false;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) return true;
    if (hasExternalRef(value)) return true;
  }
  return false;
}

async function bundleSplitSpec(file: string): Promise<JsonObject> {
  let redocly: typeof import('@redocly/openapi-core');
  try {
    redocly = await import('@redocly/openapi-core');
  } catch {
    throw new SpecLoadError(
      `${file} is a split spec and bundling it needs @redocly/openapi-core: run \`npm install --save-dev @redocly/openapi-core\`, or pass a bundled spec.`,
    );
  }
  const config = await redocly.createConfig({});
  const result = await redocly.bundle({ ref: file, config, dereference: false });
  const unresolved = result.problems.find((p) => p.severity === 'error');
  if (unresolved) throw new SpecLoadError(`Cannot bundle ${file}: ${unresolved.message}`);
  return result.bundle.parsed as JsonObject;
}

/**
 * Reads an OpenAPI 3.x spec from YAML or JSON. A split spec (refs to other files) is bundled first; the
 * generated-file stamp is dropped so a bundled spec and its source compare equal.
 */
export async function loadSpecForDiff(path: string): Promise<OpenApiDocument> {
  const file = resolve(path);
  if (!existsSync(file))
    throw new SpecLoadError(`No spec file at ${path}; pass the path of an OpenAPI YAML or JSON file.`);
  let parsed: unknown;
  try {
    parsed = parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SpecLoadError(
      `${path} is not valid YAML or JSON (${(error as Error).message.split('\n')[0]}); fix it or pass another file.`,
    );
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as JsonObject).openapi !== 'string' ||
    !String((parsed as JsonObject).openapi).startsWith('3.')
  ) {
    throw new SpecLoadError(`${path} is not an OpenAPI 3 document (no "openapi: 3.x" field); pass a provider spec.`);
  }
  const doc = hasExternalRef(parsed) ? await bundleSplitSpec(file) : (parsed as JsonObject);
  const { 'x-generated': _stamp, ...rest } = doc;
  return rest as OpenApiDocument;
}
