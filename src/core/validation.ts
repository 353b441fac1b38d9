import type { GeneratedValidator, ValidationError } from '../../generated/validator-types.js';

export type { GeneratedValidator, ValidationError };

/** The lookup table every generated validators.js exports. */
export interface GeneratedValidators {
  schemas: Record<string, GeneratedValidator>;
  webhooks: Record<string, GeneratedValidator>;
  requests: Record<string, GeneratedValidator>;
  responses: Record<string, Record<string, GeneratedValidator>>;
}

/** ajv errors as one readable sentence: `/amount must be > 0; /currency must be equal to one of the allowed values (MAD)`. */
export function describeValidationErrors(errors: ValidationError[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'it does not match the schema';
  return errors
    .slice(0, 5)
    .map((e) => {
      const at = e.instancePath || '(body)';
      const allowed = Array.isArray(e.params.allowedValues)
        ? ` (${(e.params.allowedValues as unknown[]).join(', ')})`
        : '';
      const missing = typeof e.params.missingProperty === 'string' ? '' : '';
      const extra = typeof e.params.additionalProperty === 'string' ? ` "${e.params.additionalProperty}"` : '';
      return `${at} ${e.message ?? e.keyword}${allowed}${extra}${missing}`;
    })
    .join('; ');
}
