import type { Command } from 'commander';
import { PROVIDER_SLUGS, type ProviderSlug } from '../core/providers.js';
import { PrismNotInstalledError, startPrismMock } from '../devtools/prism.js';
import { assertCanListen, type RunningServer } from '../devtools/server-process.js';
import { isLoopback, portArgument, providerArgument } from './arguments.js';
import { type Output, UsageError } from './output.js';
import { bundledSpecFile, untilStopped } from './project.js';

export function registerMock(program: Command, output: Output): void {
  program
    .command('mock')
    .description(
      "Run Prism's mock server on a provider's bundled spec: every answer is an example or a schema-valid body.",
    )
    .argument('<slug>', `the provider: ${PROVIDER_SLUGS.join(', ')}`, providerArgument)
    .option('--port <n>', 'port to listen on (default: a free one)', portArgument)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      `
Prints "listening on http://HOST:PORT" once Prism answers, and stops on Ctrl-C. Prism is stateless: for
behaviour (payments that move through states, webhooks) use \`paycontracts sandbox\`.

Examples:
  $ paycontracts mock haloubi-gateway
  $ paycontracts mock alyapay --port 4010`,
    )
    .action(async (slug: ProviderSlug, options: { port?: number; host: string }) => {
      const spec = bundledSpecFile(slug);
      if (!isLoopback(options.host))
        output.note(
          output.paint('yellow', `warning: listening on ${options.host}, which other machines may reach.`, 'err'),
        );
      if (options.port) await assertCanListen(options.host, options.port);
      let prism: RunningServer;
      try {
        prism = await startPrismMock(spec, { host: options.host, port: options.port || undefined });
      } catch (error) {
        if (error instanceof PrismNotInstalledError) throw new UsageError(error.message);
        throw error;
      }
      output.line(`listening on ${prism.url}`);
      output.note(`Prism mock of ${slug} (pid ${prism.pid}); press Ctrl-C to stop.`);
      await untilStopped();
      await prism.stop();
    });
}
