import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../pipeline/project-root.js';
import { UsageError } from './output.js';

/** The paycontracts folder: the repository, or the installed package. */
export function root(): string {
  return projectRoot();
}

/** Commands that work on specs/ or contract-tests/ exist only in a checkout of the repository. */
export function requireCheckout(folder: 'specs' | 'contract-tests', command: string): string {
  const dir = root();
  if (!existsSync(join(dir, folder)))
    throw new UsageError(
      `\`paycontracts ${command}\` needs the ${folder}/ folder of a paycontracts checkout; run it from the repository.`,
    );
  return dir;
}

export function bundledSpecFile(slug: string): string {
  const file = join(root(), 'generated', slug, 'openapi.json');
  if (!existsSync(file))
    throw new UsageError(
      `No bundled spec for ${slug} at generated/${slug}/openapi.json; run \`paycontracts build --provider ${slug}\` first.`,
    );
  return file;
}

/**
 * The build pipeline, loaded only by the commands that need it: it uses development dependencies (Redocly,
 * openapi-typescript, Redoc, the Postman converter) that an installed package does not have.
 */
export async function loadPipeline(command: string): Promise<typeof import('../pipeline/build.js')> {
  try {
    return await import('../pipeline/build.js');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new UsageError(
        `\`paycontracts ${command}\` needs the development dependencies; run it in a paycontracts checkout after \`npm install\`.`,
      );
    }
    throw error;
  }
}

/** Resolves on the first SIGINT or SIGTERM, so a server command can close what it started and exit 0. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
