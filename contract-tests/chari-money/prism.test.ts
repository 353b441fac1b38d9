import spec from '../../generated/chari-money/spec.js';
import { validators } from '../../generated/chari-money/validators.js';
import { describeSchemaContract } from '../support/schema-contract.js';
import { prismTarget } from '../support/targets.js';

describeSchemaContract('chari-money', spec, validators, prismTarget('chari-money'));
