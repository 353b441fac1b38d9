import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { OpenApiDocument } from '../core/openapi-document.js';
import { PROVIDER_SLUGS, type ProviderSlug } from '../core/providers.js';
import { providerArgument } from './arguments.js';
import type { Output } from './output.js';
import { bundledSpecFile, loadPipeline } from './project.js';

export function registerPostman(program: Command, output: Output): void {
  program
    .command('postman')
    .description(
      "Regenerate generated/<slug>/postman.json and its sandbox and live environments from each provider's bundled spec.",
    )
    .option('--provider <slug>', 'one provider only', providerArgument)
    .option('--out-dir <dir>', 'write <dir>/<slug>/postman*.json instead of into generated/')
    .addHelpText(
      'after',
      `
Reads generated/<slug>/openapi.json: after editing specs/, run \`paycontracts build\` (which also writes the
collections). The Flow folder runs the operations in a working order with checks against the spec;
postman.sandbox.json points {{baseUrl}} at a local sandbox with its default credentials, postman.live.json at the
provider's sandbox server with empty secrets:
  $ npx newman run generated/alyapay/postman.json -e generated/alyapay/postman.sandbox.json --folder Flow

Examples:
  $ paycontracts postman
  $ paycontracts postman --provider novasend`,
    )
    .action(async (options: { provider?: ProviderSlug; outDir?: string }) => {
      const { writePostmanCollection } = await loadPipeline('postman');
      for (const slug of options.provider ? [options.provider] : PROVIDER_SLUGS) {
        const file = bundledSpecFile(slug);
        const { 'x-generated': _stamp, ...doc } = JSON.parse(await readFile(file, 'utf8')) as OpenApiDocument;
        const dir = options.outDir ? join(resolve(options.outDir), slug) : dirname(file);
        await mkdir(dir, { recursive: true });
        await writePostmanCollection(slug, doc as OpenApiDocument, dir, (s, step, detail) =>
          output.progress(s, step, detail),
        );
      }
    });
}
