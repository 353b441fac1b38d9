import { parameterValidators as alyapayParameters } from '../../../generated/alyapay/parameter-validators.js';
import alyapaySpec from '../../../generated/alyapay/spec.js';
import { validators as alyapayValidators } from '../../../generated/alyapay/validators.js';
import { parameterValidators as chariMoneyParameters } from '../../../generated/chari-money/parameter-validators.js';
import chariMoneySpec from '../../../generated/chari-money/spec.js';
import { validators as chariMoneyValidators } from '../../../generated/chari-money/validators.js';
import { parameterValidators as chariPayParameters } from '../../../generated/chari-pay/parameter-validators.js';
import chariPaySpec from '../../../generated/chari-pay/spec.js';
import { validators as chariPayValidators } from '../../../generated/chari-pay/validators.js';
import { parameterValidators as haloubiParameters } from '../../../generated/haloubi-gateway/parameter-validators.js';
import haloubiSpec from '../../../generated/haloubi-gateway/spec.js';
import { validators as haloubiValidators } from '../../../generated/haloubi-gateway/validators.js';
import { parameterValidators as novasendParameters } from '../../../generated/novasend/parameter-validators.js';
import novasendSpec from '../../../generated/novasend/spec.js';
import { validators as novasendValidators } from '../../../generated/novasend/validators.js';
import type { OpenApiDocument } from '../../../src/core/openapi-document.js';
import { type IndexedOperation, OperationIndex } from '../../../src/core/operation-index.js';
import type { ProviderSlug } from '../../../src/core/providers.js';
import type { GeneratedValidator, GeneratedValidators } from '../../../src/core/validation.js';

/** What the fuzzers read about a provider: its bundled spec and the validators generated from it. */
export interface ProviderArtifacts {
  slug: ProviderSlug;
  spec: OpenApiDocument;
  validators: GeneratedValidators;
  parameterValidators: Record<string, GeneratedValidator>;
  /** the operations documented as available, in spec order */
  operations: IndexedOperation[];
  /** the provider's own error body (root `x-error-schema`) */
  errorSchema: GeneratedValidator;
}

function artifacts(
  slug: ProviderSlug,
  spec: OpenApiDocument,
  validators: GeneratedValidators,
  parameterValidators: Record<string, GeneratedValidator>,
): ProviderArtifacts {
  const errorSchemaName = String(spec['x-error-schema']);
  const errorSchema = validators.schemas[errorSchemaName];
  if (!errorSchema)
    throw new Error(`${slug}: no generated validator for the error schema ${errorSchemaName} named by x-error-schema.`);
  return { slug, spec, validators, parameterValidators, operations: new OperationIndex(spec).available(), errorSchema };
}

export const PROVIDER_ARTIFACTS: Record<ProviderSlug, ProviderArtifacts> = {
  alyapay: artifacts('alyapay', alyapaySpec, alyapayValidators, alyapayParameters),
  novasend: artifacts('novasend', novasendSpec, novasendValidators, novasendParameters),
  'haloubi-gateway': artifacts('haloubi-gateway', haloubiSpec, haloubiValidators, haloubiParameters),
  'chari-pay': artifacts('chari-pay', chariPaySpec, chariPayValidators, chariPayParameters),
  'chari-money': artifacts('chari-money', chariMoneySpec, chariMoneyValidators, chariMoneyParameters),
};
