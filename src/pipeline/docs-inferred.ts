/**
 * The spec copy the reference pages render: every node the spec marks `x-inferred` says so in its description, so a
 * reader of the docs sees which facts the document gave and which the spec chose.
 */
import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';
import { type Inference, inferenceLedger } from './inference-ledger.js';

/** Tails of a pointer whose node Redoc shows no description for: the mark is shown on the node above. */
const HIDDEN_TAILS = [
  /\/x-[^/]*(?:\/.*)?$/,
  /\/content\/[^/]+$/,
  /\/examples\/[^/]+$/,
  /\/example$/,
  /\/(?:allOf|anyOf|oneOf)\/\d+$/,
  /\/(?:allOf|anyOf|oneOf)$/,
  /(\/(?:parameters|headers)\/[^/]+)\/schema$/,
  /\/variables\/[^/]+$/,
];

/** The pointer of the node whose description shows a mark at `pointer`; `/info` for facts about the whole API. */
export function shownAt(pointer: string): string {
  let current = pointer;
  for (let changed = true; changed; ) {
    changed = false;
    for (const tail of HIDDEN_TAILS) {
      const next = current.replace(tail, (_match, kept?: string) =>
        typeof kept === 'string' && kept.startsWith('/') ? kept : '',
      );
      if (next !== current) {
        current = next;
        changed = true;
      }
    }
  }
  return current === '' || current.startsWith('/info') ? '/info' : current;
}

function nodeAt(doc: JsonObject, pointer: string): JsonObject | undefined {
  let node: unknown = doc;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as JsonObject) : undefined;
}

function badge(entry: Inference, target: string): string {
  const label = entry.pointer === target ? 'Inferred:' : `Inferred (${entry.kind}):`;
  return `**${label}** ${entry.reason}`;
}

/** A copy of `doc` whose inferred nodes carry a visible "Inferred:" line; the API-wide ones are listed in the intro. */
export function withInferenceBadges(slug: string, doc: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(doc) as OpenApiDocument;
  const ledger = inferenceLedger(slug, doc);
  const byTarget = new Map<string, string[]>();
  for (const entry of ledger) {
    const target = shownAt(entry.pointer);
    byTarget.set(target, [...(byTarget.get(target) ?? []), badge(entry, target)]);
  }
  for (const [target, lines] of byTarget) {
    const node = target === '/info' ? undefined : nodeAt(copy, target);
    if (!node) continue;
    const own = typeof node.description === 'string' && node.description ? `\n\n${node.description}` : '';
    node.description = `${lines.join('\n\n')}${own}`;
  }
  if (ledger.length === 0) return copy;
  const info = (copy.info ?? {}) as JsonObject;
  const apiWide = [...byTarget].filter(([target]) => target === '/info' || !nodeAt(copy, target));
  const intro = typeof info.description === 'string' ? info.description : '';
  info.description = `${intro}\n\n## Inferred facts\n\n${ledger.length} facts in this spec are our choice where the document is silent; each is marked **Inferred:** where it is described (\`npx paycontracts inferences ${slug}\` lists them).${apiWide.flatMap(([, lines]) => lines.map((line) => `\n\n- ${line}`)).join('')}`;
  copy.info = info;
  return copy;
}
