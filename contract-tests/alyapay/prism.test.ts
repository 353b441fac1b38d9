import spec from '../../generated/alyapay/spec.js';
import { validators } from '../../generated/alyapay/validators.js';
import { describeSchemaContract } from '../support/schema-contract.js';
import { prismTarget } from '../support/targets.js';

describeSchemaContract('alyapay', spec, validators, prismTarget('alyapay'));
