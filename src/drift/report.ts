import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OpenApiDocument } from '../core/openapi-document.js';
import { isProviderSlug } from '../core/providers.js';
import { analyse } from './analyse.js';
import { driftMarkdown } from './markdown.js';
import { SpecSources } from './source-map.js';
import type { CapturedExchange, DriftReport } from './types.js';

/** The report of one provider's live run: its exchanges compared with the bundled spec. */
export function buildReport(
  provider: string,
  doc: OpenApiDocument,
  exchanges: readonly CapturedExchange[],
  root: string,
  now = new Date(),
): DriftReport {
  const sources = new SpecSources(join(root, 'specs', provider), root);
  const { drifts, confirmed } = analyse(doc, exchanges, sources);
  return { provider, createdAt: now.toISOString(), exchanges: [...exchanges], drifts, confirmed };
}

/** `report.json` → `report.md`; any other name gets `.md` added. */
export function markdownFileFor(file: string): string {
  return file.endsWith('.json') ? `${file.slice(0, -'.json'.length)}.md` : `${file}.md`;
}

/** Writes the JSON report and its Markdown summary beside it. */
export async function writeReport(file: string, report: DriftReport): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = markdownFileFor(file);
  await writeFile(markdown, driftMarkdown(report));
  return markdown;
}

/** Reads a saved report, refusing anything that is not one with a sentence that says what it is. */
export function readReport(file: string): DriftReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the drift report ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
  let report: Partial<DriftReport>;
  try {
    report = JSON.parse(text) as Partial<DriftReport>;
  } catch {
    throw new Error(`${file} is not JSON; pass the file \`contract --drift-report\` wrote.`);
  }
  if (
    typeof report !== 'object' ||
    report === null ||
    typeof report.provider !== 'string' ||
    !isProviderSlug(report.provider) ||
    !Array.isArray(report.exchanges) ||
    !Array.isArray(report.drifts) ||
    !Array.isArray(report.confirmed)
  )
    throw new Error(
      `${file} is not a drift report (it needs provider, exchanges, drifts and confirmed); pass the file \`contract --drift-report\` wrote.`,
    );
  return report as DriftReport;
}
