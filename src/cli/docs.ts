import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { serveDirectory } from '../devtools/static-server.js';
import { isLoopback, portArgument } from './arguments.js';
import { type Output, UsageError } from './output.js';
import { loadPipeline, root, untilStopped } from './project.js';

export function registerDocs(program: Command, output: Output): void {
  program
    .command('docs')
    .description(
      'Build the offline docs site into generated/docs (landing page, references with a try-it console, sandbox guide), and serve it.',
    )
    .option('--serve', 'serve the site on loopback until Ctrl-C')
    .option('--port <n>', 'port to serve on (default: a free one)', portArgument)
    .option('--host <host>', 'interface to serve on', '127.0.0.1')
    .option('--no-build', 'serve the site as it is, without rebuilding it')
    .addHelpText(
      'after',
      `
The site reads the bundled specs in generated/ and, when a contract run left them, reports/coverage-*.json.
It loads nothing from the network, and generated/docs can be served alone by any static host. Its try-it
console calls a local sandbox started with the site's origin: paycontracts sandbox <slug> --port 4010
--cors-origin <origin>.

Examples:
  $ paycontracts docs
  $ paycontracts docs --serve --port 8080`,
    )
    .action(async (options: { serve?: boolean; port?: number; host: string; build: boolean }) => {
      const generated = join(root(), 'generated');
      if (options.build) {
        const { writeDocsSite } = await loadPipeline('docs');
        const pages = await writeDocsSite(generated);
        output.progress('docs', 'docs', `${pages} pages in generated/docs`);
      } else if (!existsSync(join(generated, 'docs', 'index.html'))) {
        throw new UsageError(
          'There is no docs site in generated/docs yet; run `paycontracts docs` without --no-build first.',
        );
      }
      if (!options.serve) return;
      if (!isLoopback(options.host))
        output.note(
          output.paint('yellow', `warning: serving on ${options.host}, which other machines may reach.`, 'err'),
        );
      const server = await serveDirectory(generated, { host: options.host, port: options.port });
      output.line(`listening on ${server.url}/docs/`);
      // The reference pages' try-it console calls a sandbox, which answers only the origins it was started with.
      output.note(`Try-it console: npx paycontracts sandbox <slug> --port 4010 --cors-origin ${server.url}`);
      output.note('Press Ctrl-C to stop.');
      await untilStopped();
      await server.close();
    });
}
