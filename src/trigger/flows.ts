import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ProviderSlug } from '../core/providers.js';
import { projectRoot } from '../pipeline/project-root.js';
import { checkFlowFile } from './flow-check.js';
import { parseFlowFile } from './flow-file.js';
import { type FlowCatalog, loadCatalog } from './operations.js';
import { FlowError, type FlowFile } from './types.js';

/** The built-in flows of a provider: `flows/<slug>.yaml` in the package. */
export function builtInFlowFile(slug: ProviderSlug): string {
  return join(projectRoot(), 'flows', `${slug}.yaml`);
}

/** Parses and checks a flow file for `slug`; a file written for another provider is refused. */
export async function readFlowFile(file: string, slug: ProviderSlug, catalog: FlowCatalog): Promise<FlowFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FlowError(
      code === 'ENOENT'
        ? `No flow file at ${file}.`
        : `Cannot read the flow file ${file} (${code ?? (error as Error).message}).`,
    );
  }
  const shown = relative(process.cwd(), file) || file;
  const flows = parseFlowFile(text, shown.startsWith('..') ? file : shown);
  if (flows.provider !== slug)
    throw new FlowError(
      `${flows.source}: its flows are for ${flows.provider}, not ${slug}; pass the matching provider.`,
    );
  checkFlowFile(flows, catalog);
  return flows;
}

export interface ProviderFlows {
  catalog: FlowCatalog;
  file: FlowFile;
}

/**
 * The flows of a provider: the built-in ones, with those of `file` (`--flow`) on top. A provider that documents no
 * webhooks (AlyaPay) has no built-in file and no flows.
 */
export async function loadFlows(slug: ProviderSlug, file?: string): Promise<ProviderFlows> {
  const catalog = await loadCatalog(slug);
  const builtIn = builtInFlowFile(slug);
  const base: FlowFile = existsSync(builtIn)
    ? await readFlowFile(builtIn, slug, catalog)
    : { provider: slug, source: builtIn, flows: new Map() };
  if (file === undefined) return { catalog, file: base };
  const own = await readFlowFile(file, slug, catalog);
  return { catalog, file: { ...own, flows: new Map([...base.flows, ...own.flows]) } };
}
