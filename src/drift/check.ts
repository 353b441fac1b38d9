import { join } from 'node:path';
import type { OpenApiDocument } from '../core/openapi-document.js';
import { analyse } from './analyse.js';
import { SpecSources } from './source-map.js';
import type { Drift, DriftReport } from './types.js';

export interface CheckResult {
  /** drifts of the report the current spec no longer has */
  closed: Drift[];
  /** drifts still there */
  open: Drift[];
  /** drifts the saved traffic shows against the current spec that the report did not have */
  added: Drift[];
}

function key(drift: Drift): string {
  const news = drift.kind === 'enum' || drift.kind === 'type' ? JSON.stringify(drift.observed) : '';
  return `${drift.kind} ${drift.pointer} ${news}`;
}

/** Replays a saved report's exchanges against the current spec: which drifts a spec change has closed. */
export function checkReport(report: DriftReport, doc: OpenApiDocument, root: string): CheckResult {
  const sources = new SpecSources(join(root, 'specs', report.provider), root);
  const now = analyse(doc, report.exchanges, sources).drifts;
  const current = new Set(now.map(key));
  const before = new Set(report.drifts.map(key));
  return {
    closed: report.drifts.filter((d) => !current.has(key(d))),
    open: now.filter((d) => before.has(key(d))),
    added: now.filter((d) => !before.has(key(d))),
  };
}
