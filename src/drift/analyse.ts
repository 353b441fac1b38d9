import type { OpenApiDocument } from '../core/openapi-document.js';
import { markedNodes } from '../pipeline/inference-ledger.js';
import { SpecComparison } from './compare.js';
import type { SpecSources } from './source-map.js';
import type { CapturedExchange, ConfirmedInference, Drift, DriftExample, Finding } from './types.js';

/** Findings that differ only by the value seen are one drift, except where the value is the news. */
function mergeKey(finding: Finding): string {
  const news = finding.kind === 'enum' || finding.kind === 'type' ? JSON.stringify(finding.observed) : '';
  return `${finding.kind} ${finding.pointer} ${news}`;
}

function under(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

/** An operation is exercised only by an answer in its success range, not by an error under its responses. */
const OPERATION = /^\/paths\/[^/]+\/(get|put|post|delete|options|head|patch|trace)$/;

/** The first exchange of a drift, as the report shows it: a webhook's body is the delivery's. */
function exampleOf(exchange: CapturedExchange, event: string | undefined): DriftExample {
  const { method, path, status } = exchange;
  if (exchange.kind === 'webhook') return { webhook: event ?? '', method, path, status, body: exchange.requestBody };
  return { method, path, status, body: exchange.responseBody };
}

export interface Analysis {
  drifts: Drift[];
  confirmed: ConfirmedInference[];
}

/**
 * Compares every exchange with the bundled spec, merges equal drifts (a count and the first example) and lists
 * the `x-inferred` facts that traffic exercised without any drift at or below them.
 */
export function analyse(doc: OpenApiDocument, exchanges: readonly CapturedExchange[], sources: SpecSources): Analysis {
  const comparison = new SpecComparison(doc);
  const merged = new Map<string, Drift>();
  const touchedBy: Set<string>[] = [];
  for (const exchange of exchanges) {
    const verdict = comparison.compare(exchange);
    touchedBy.push(verdict.touched);
    for (const finding of verdict.findings) {
      const key = mergeKey(finding);
      const known = merged.get(key);
      if (known) {
        known.count++;
        continue;
      }
      merged.set(key, {
        ...sources.locate(finding.pointer),
        kind: finding.kind,
        ...(finding.keyword ? { keyword: finding.keyword } : {}),
        expected: finding.expected,
        observed: finding.observed,
        count: 1,
        example: exampleOf(exchange, verdict.event),
      });
    }
  }
  const drifts = [...merged.values()];
  const confirmed: ConfirmedInference[] = [];
  for (const { pointer, node } of markedNodes(doc)) {
    if (drifts.some((d) => under(d.pointer, pointer))) continue;
    const exact = OPERATION.test(pointer);
    const count = touchedBy.filter((touched) =>
      [...touched].some((t) => (exact ? t === pointer : under(t, pointer))),
    ).length;
    if (count === 0) continue;
    const reason = typeof node['x-inferred-reason'] === 'string' ? node['x-inferred-reason'] : '';
    confirmed.push({ ...sources.locate(pointer), reason, exchanges: count });
  }
  return { drifts, confirmed };
}
