import spec from '../../generated/novasend/spec.js';
import { validators } from '../../generated/novasend/validators.js';
import { describeSchemaContract } from '../support/schema-contract.js';
import { prismTarget } from '../support/targets.js';

describeSchemaContract('novasend', spec, validators, prismTarget('novasend'));
