import type { Command } from 'commander';
import type { SpecSlug } from '../core/providers.js';
import { specArgument } from './arguments.js';
import { FailuresFound, type Output } from './output.js';
import { requireCheckout } from './project.js';

export function registerLint(program: Command, output: Output): void {
  program
    .command('lint')
    .description('Check every spec against redocly.yaml: the recommended rules plus the house rules for payment APIs.')
    .option('--provider <slug>', 'lint one spec only', specArgument)
    .addHelpText(
      'after',
      `
Exits 1 on any error or warning.

Examples:
  $ paycontracts lint
  $ paycontracts lint --provider chari-pay`,
    )
    .action(async (options: { provider?: SpecSlug }) => {
      requireCheckout('specs', 'lint');
      const { selectProviders } = await import('../pipeline/provider-selection.js');
      const { lintSpec } = await import('../pipeline/redocly.js');
      let errors = 0;
      let warnings = 0;
      for (const slug of selectProviders(options.provider)) {
        const findings = await lintSpec(slug);
        for (const f of findings)
          output.line(
            `${f.where} ${output.paint(f.severity === 'error' ? 'red' : 'yellow', f.severity)} ${f.rule}: ${f.message}`,
          );
        const e = findings.filter((f) => f.severity === 'error').length;
        errors += e;
        warnings += findings.length - e;
        output.progress(
          slug,
          'lint',
          findings.length === 0 ? 'clean' : `${e} error(s), ${findings.length - e} warning(s)`,
        );
      }
      const summary = `${errors} error(s), ${warnings} warning(s)`;
      if (errors + warnings > 0) throw new FailuresFound(`lint found ${summary}.`);
      output.line(summary);
    });
}
