import type { DriftExample, DriftReport } from './types.js';

/** A Markdown table cell: one line, pipes escaped, long values cut. */
function cell(value: unknown): string {
  const text = value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
  const line = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

/** A call as `POST /path → 201`; a webhook delivery as `webhook payment.captured → POST /path`. */
function exampleCell(example: DriftExample): string {
  const call = `${example.method} ${cell(example.path)}`;
  return example.webhook === undefined
    ? `${call} → ${example.status}`
    : `webhook ${cell(example.webhook || '(no event)')} → ${call}`;
}

/** The report as a pull-request comment: drifts by source file, then the confirmed inferences. */
export function driftMarkdown(report: DriftReport): string {
  const lines = [
    `# Live drift: ${report.provider}`,
    '',
    `${report.exchanges.length} exchange(s) captured on ${report.createdAt}; ${report.drifts.length} drift(s); ` +
      `${report.confirmed.length} inference(s) confirmed.`,
    '',
  ];
  if (report.drifts.length > 0) {
    lines.push(
      '## Drifts',
      '',
      '| kind | where | expected | observed | count | example |',
      '|---|---|---|---|---|---|',
    );
    const sorted = [...report.drifts].sort(
      (a, b) => a.file.localeCompare(b.file) || a.pointer.localeCompare(b.pointer),
    );
    for (const d of sorted)
      lines.push(
        `| ${d.kind}${d.keyword ? ` (${d.keyword})` : ''} | \`${d.file}\` \`${d.filePointer || '/'}\` | ${cell(d.expected)} | ${cell(d.observed)} | ${d.count} | ${exampleCell(d.example)} |`,
      );
    lines.push('', '`paycontracts drift patch <report.json>` writes a patch to review; `git apply` it.', '');
  } else lines.push('No drift: every exchange matched the spec.', '');
  if (report.confirmed.length > 0) {
    lines.push('## Confirmed inferences', '', '| where | exchanges | reason |', '|---|---|---|');
    for (const c of report.confirmed)
      lines.push(`| \`${c.file}\` \`${c.filePointer || '/'}\` | ${c.exchanges} | ${cell(c.reason)} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
