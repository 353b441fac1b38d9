import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { SpecSlug } from '../core/providers.js';
import { specArgument } from './arguments.js';
import { FailuresFound, type Output } from './output.js';
import { loadPipeline, requireCheckout } from './project.js';

export function registerBuild(program: Command, output: Output): void {
  program
    .command('build')
    .description(
      'Lint, bundle and generate types, JSON Schemas, validators, Postman collections and the docs from specs/ into generated/.',
    )
    .option('--provider <slug>', 'build one spec only', specArgument)
    .option('--no-docs', 'skip the docs site')
    .option('--out-dir <dir>', 'write there instead of generated/ (e.g. to compare with the committed files)')
    .addHelpText(
      'after',
      `
Exits 1 when the lint finds anything (nothing is written then). The npm package's compiled JavaScript is built
by \`npm run build\`, which runs this first.

Examples:
  $ paycontracts build
  $ paycontracts build --provider alyapay --no-docs`,
    )
    .action(async (options: { provider?: SpecSlug; docs: boolean; outDir?: string }) => {
      requireCheckout('specs', 'build');
      const { build, LintFailedError } = await loadPipeline('build');
      const { selectProviders } = await import('../pipeline/provider-selection.js');
      const providers = selectProviders(options.provider);
      const started = performance.now();
      try {
        await build({
          providers,
          docs: options.docs,
          outDir: options.outDir && resolve(options.outDir),
          onProgress: (slug, step, detail) => output.progress(slug, step, detail),
        });
      } catch (error) {
        if (error instanceof LintFailedError) {
          for (const f of error.findings)
            output.line(
              `${f.where} ${output.paint(f.severity === 'error' ? 'red' : 'yellow', f.severity)} ${f.rule}: ${f.message}`,
            );
          throw new FailuresFound(error.message);
        }
        throw error;
      }
      output.line(`built ${providers.length} spec(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}
