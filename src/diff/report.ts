import type { Change } from './rules.js';

export interface DiffSummary {
  breaking: number;
  nonBreaking: number;
  changes: Change[];
}

export function summarise(changes: Change[]): DiffSummary {
  const breaking = changes.filter((c) => c.level === 'breaking');
  // Breaking changes first; within a level the order of the spec is kept.
  return {
    breaking: breaking.length,
    nonBreaking: changes.length - breaking.length,
    changes: [...breaking, ...changes.filter((c) => c.level !== 'breaking')],
  };
}

/** One aligned line per change and a closing count; `paint` colours the level when the output is a terminal. */
export function formatText(
  summary: DiffSummary,
  paint: (level: Change['level'], text: string) => string = (_l, t) => t,
): string {
  if (summary.changes.length === 0) return 'No changes between the two specs.\n';
  const idWidth = Math.max(...summary.changes.map((c) => c.id.length));
  const whereWidth = Math.min(48, Math.max(...summary.changes.map((c) => c.where.length)));
  const lines = summary.changes.map(
    (c) => `${paint(c.level, c.level.padEnd(12))}  ${c.id.padEnd(idWidth)}  ${c.where.padEnd(whereWidth)}  ${c.detail}`,
  );
  lines.push('', `${summary.breaking} breaking, ${summary.nonBreaking} non-breaking change(s).`);
  return `${lines.join('\n')}\n`;
}
