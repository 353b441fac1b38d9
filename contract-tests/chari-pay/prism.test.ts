import spec from '../../generated/chari-pay/spec.js';
import { validators } from '../../generated/chari-pay/validators.js';
import { describeSchemaContract } from '../support/schema-contract.js';
import { prismTarget } from '../support/targets.js';

describeSchemaContract('chari-pay', spec, validators, prismTarget('chari-pay'));
