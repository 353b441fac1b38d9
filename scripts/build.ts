// npm run build [-- --provider <slug>]: lint → bundle → types → JSON Schemas → validators → docs, in one process.
import { parseArgs } from 'node:util';
import { build, LintFailedError } from '../src/pipeline/build.js';
import { selectProviders } from '../src/pipeline/provider-selection.js';

const { values } = parseArgs({ options: { provider: { type: 'string' }, out: { type: 'string' } } });
const started = performance.now();
try {
  const providers = selectProviders(values.provider);
  await build({
    providers,
    outDir: values.out,
    onProgress: (slug, step, detail) => console.log(`${slug.padEnd(16)} ${step.padEnd(10)} ${detail}`),
  });
  console.log(`built ${providers.length} provider(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  if (error instanceof LintFailedError) {
    for (const f of error.findings) console.error(`${f.where} ${f.severity} ${f.rule}: ${f.message}`);
  }
  console.error(`build failed: ${(error as Error).message}`);
  process.exit(1);
}
