// npm run lint [-- --provider <slug>]: the redocly.yaml rules over every spec; exits 1 on any error or warning.
import { parseArgs } from 'node:util';
import { selectProviders } from '../src/pipeline/provider-selection.js';
import { lintSpec } from '../src/pipeline/redocly.js';

const { values } = parseArgs({ options: { provider: { type: 'string' } } });
let errors = 0;
let warnings = 0;
try {
  for (const slug of selectProviders(values.provider)) {
    const findings = await lintSpec(slug);
    for (const f of findings) console.log(`${f.where} ${f.severity} ${f.rule}: ${f.message}`);
    const e = findings.filter((f) => f.severity === 'error').length;
    errors += e;
    warnings += findings.length - e;
    console.log(`${slug}: ${e} error(s), ${findings.length - e} warning(s)`);
  }
} catch (error) {
  console.error(`lint failed: ${(error as Error).message}`);
  process.exit(2);
}
console.log(`${errors} error(s), ${warnings} warning(s)`);
process.exit(errors + warnings > 0 ? 1 : 0);
