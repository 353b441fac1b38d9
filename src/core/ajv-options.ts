import type { Options } from 'ajv';

/**
 * One set of ajv options for the build's precompiled validators and for any run-time compile,
 * so both accept and reject the same documents. OpenAPI keywords (`example`, `x-*`, `discriminator`)
 * are annotations, hence strictSchema off.
 */
export const AJV_OPTIONS: Options = {
  strict: false,
  strictSchema: false,
  allErrors: false,
  validateFormats: true,
};

/** OpenAPI formats that carry no JSON-level constraint. */
export const ANNOTATION_FORMATS = ['binary', 'byte', 'int32', 'int64', 'float', 'double', 'password'] as const;
