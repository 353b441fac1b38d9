import spec from '../../generated/haloubi-gateway/spec.js';
import { validators } from '../../generated/haloubi-gateway/validators.js';
import { describeSchemaContract } from '../support/schema-contract.js';
import { prismTarget } from '../support/targets.js';

describeSchemaContract('haloubi-gateway', spec, validators, prismTarget('haloubi-gateway'));
