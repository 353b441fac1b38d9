import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { AJV_OPTIONS, ANNOTATION_FORMATS } from '../core/ajv-options.js';
import type { OpenApiDocument } from '../core/openapi-document.js';

// ajv and ajv-formats are CommonJS; under NodeNext their default export arrives wrapped.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as typeof Ajv2020Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule.default;

const SPEC_ID = 'paycontracts:bundled-spec';

export interface SchemaVerdict {
  valid: boolean;
  keyword?: string;
  instancePath?: string;
  message?: string;
}

/**
 * Validates a value against the schema at a pointer of a bundled spec, with the project's ajv options, so the
 * comparison accepts and rejects what the generated validators do. The spec may be newer than the build (a drift
 * check after a spec change), hence compiled here rather than read from generated/validators.js.
 */
export class SpecValidator {
  private readonly ajv = new Ajv2020({ ...AJV_OPTIONS });
  private readonly cache = new Map<string, ReturnType<typeof this.ajv.compile>>();

  constructor(doc: OpenApiDocument) {
    addFormats(this.ajv);
    for (const format of ANNOTATION_FORMATS) this.ajv.addFormat(format, true);
    this.ajv.addSchema(doc as object, SPEC_ID);
  }

  validate(pointer: string, value: unknown): SchemaVerdict {
    let check = this.cache.get(pointer);
    if (!check) {
      check = this.ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
      this.cache.set(pointer, check);
    }
    if (check(value)) return { valid: true };
    const first = check.errors?.[0];
    return { valid: false, keyword: first?.keyword, instancePath: first?.instancePath, message: first?.message };
  }

  /** Whether a string has the given format, as ajv-formats reads it. */
  hasFormat(format: string, value: string): boolean {
    const key = `format:${format}`;
    let check = this.cache.get(key);
    if (!check) {
      check = this.ajv.compile({ type: 'string', format });
      this.cache.set(key, check);
    }
    return check(value) === true;
  }
}
