import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import type { OpenApiDocument } from '../core/openapi-document.js';
import { diffSpecs } from '../diff/compare.js';
import { loadSpecForDiff, SpecLoadError } from '../diff/load-spec.js';
import { formatText, summarise } from '../diff/report.js';
import { FailuresFound, type Output, UsageError } from './output.js';

/** A folder is the commonest slip (`specs/chari-pay` for `specs/chari-pay/openapi.yaml`): say which file to pass. */
function requireFile(path: string): void {
  if (!existsSync(path) || !statSync(path).isDirectory()) return;
  const root = join(path, 'openapi.yaml');
  throw new UsageError(
    `${path} is a folder; diff needs a spec file${existsSync(root) ? `: pass ${root}` : ', e.g. <folder>/openapi.yaml'}.`,
  );
}

export function registerDiff(program: Command, output: Output): void {
  program
    .command('diff')
    .description(
      'Classify the changes between two versions of a spec as breaking or non-breaking (oasdiff-style rule ids).',
    )
    .argument('<old-spec>', 'the old version: YAML or JSON, split (specs/<slug>/openapi.yaml) or bundled')
    .argument('<new-spec>', 'the new version, same forms')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Breaking: removed operations and webhooks, new required parameters or request fields, removed response fields,
narrowed enums or types, changed auth. Everything else is non-breaking. Exits 1 when a change is breaking.

Examples:
  $ paycontracts diff ../main/specs/chari-pay/openapi.yaml specs/chari-pay/openapi.yaml
  $ paycontracts diff old/openapi.json generated/chari-pay/openapi.json --format json`,
    )
    .action(async (oldPath: string, newPath: string, options: { format: 'text' | 'json' }) => {
      for (const path of [oldPath, newPath]) requireFile(path);
      let before: OpenApiDocument;
      let after: OpenApiDocument;
      try {
        [before, after] = await Promise.all([loadSpecForDiff(oldPath), loadSpecForDiff(newPath)]);
      } catch (error) {
        if (error instanceof SpecLoadError) throw new UsageError(error.message);
        throw error;
      }
      const summary = summarise(diffSpecs(before, after));
      if (options.format === 'json') output.line(JSON.stringify(summary, null, 2));
      else
        process.stdout.write(
          formatText(summary, (level, text) => output.paint(level === 'breaking' ? 'red' : 'green', text)),
        );
      if (summary.breaking > 0) throw new FailuresFound(`${summary.breaking} breaking change(s).`);
    });
}
