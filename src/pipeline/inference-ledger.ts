/**
 * The inference ledger: every `x-inferred: true` mark of a bundled spec, where it sits and why. What the document
 * said and what the spec chose are told apart here, for `paycontracts inferences` and the docs site.
 */

export interface Inference {
  provider: string;
  /** JSON pointer (RFC 6901) of the marked node in generated/<slug>/openapi.json */
  pointer: string;
  /** what kind of fact was chosen, from where the mark sits: operation, field, status, header, limit, host, … */
  kind: string;
  /** the spec's `x-inferred-reason` */
  reason: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Extensions that hold a fact of their own: a mark on (or inside) one is about that fact. */
const EXTENSION_KINDS: Record<string, string> = {
  'x-rate-limit': 'rate limit',
  'x-pagination': 'pagination',
  'x-webhook-retry': 'retry schedule',
  'x-webhook-signature': 'signature',
  'x-test-cards': 'test card',
  'x-test-otp': 'test value',
  'x-expiry': 'expiry',
  'x-expires-after-seconds': 'expiry',
  'x-fee-rate': 'fee',
  'x-kyc-review': 'sandbox behaviour',
  'x-max-attempts': 'limit',
  'x-value': 'limit',
  'x-balance-limits-mad': 'limit',
};

const METHODS = 'get|put|post|delete|options|head|patch|trace';

/** Ordered: the first pattern the pointer matches names the kind. */
const POINTER_KINDS: [RegExp, string | ((node: Json, parent: Json) => string)][] = [
  [/^\/servers\//, 'host'],
  [/\/examples?(\/|$)/, 'example'],
  [/\/parameters\/[^/]+(\/schema)?$/, (node, parent) => ((node.in ?? parent.in) === 'header' ? 'header' : 'parameter')],
  [/\/headers\/[^/]+(\/schema)?$/, 'header'],
  [/\/requestBody(\/|$)/, 'body'],
  [/^\/(paths|webhooks)\/[^/]+\/[^/]+\/responses\/[^/]+\/content(\/|$)/, 'response body'],
  [/^\/(paths|webhooks)\/[^/]+\/[^/]+\/responses\/[^/]+$/, 'status'],
  [/^\/components\/responses\//, 'error response'],
  [new RegExp(`^/webhooks/[^/]+/(${METHODS})$`), 'webhook'],
  [new RegExp(`^/paths/[^/]+/(${METHODS})$`), 'operation'],
  [/^\/paths\/[^/]+$/, 'path'],
  [/^\/components\/securitySchemes\//, 'auth'],
  [/^\/components\/schemas\/[^/]*ErrorCode(\/|$)/, 'error code'],
  [/\/properties\/[^/]+(\/(allOf|anyOf|oneOf)\/\d+)?$/, 'field'],
  [/^\/components\/schemas\//, 'schema'],
  [/^\/info(\/|$)/, 'info'],
];

/** The kind of fact a mark at `pointer` (on `node`, inside `parent`) is about. */
export function inferenceKind(pointer: string, node: Json, parent: Json = {}): string {
  const extension = pointer
    .split('/')
    .reverse()
    .find((token) => token.startsWith('x-'));
  if (extension) return EXTENSION_KINDS[extension] ?? 'extension';
  for (const [pattern, kind] of POINTER_KINDS) {
    if (!pattern.test(pointer)) continue;
    if (typeof kind === 'string') return kind;
    return kind(node, parent);
  }
  if (Array.isArray(node.enum) || Array.isArray(node['x-extensible-enum'])) return 'enum';
  return 'other';
}

export interface MarkedNode {
  pointer: string;
  node: Json;
  /** the nearest object above the node */
  parent: Json;
}

/** Every marked node of `doc`, in document order, with its pointer. */
export function markedNodes(doc: unknown): MarkedNode[] {
  const found: MarkedNode[] = [];
  const visit = (node: unknown, pointer: string, parent: Json): void => {
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, `${pointer}/${index}`, parent);
      return;
    }
    if (!isObject(node)) return;
    if (node['x-inferred'] === true) found.push({ pointer, node, parent });
    for (const [key, value] of Object.entries(node)) visit(value, `${pointer}/${escapePointerToken(key)}`, node);
  };
  visit(doc, '', {});
  return found;
}

/** The ledger of one bundled spec. */
export function inferenceLedger(provider: string, doc: unknown): Inference[] {
  return markedNodes(doc).map(({ pointer, node, parent }) => ({
    provider,
    pointer,
    kind: inferenceKind(pointer, node, parent),
    reason: typeof node['x-inferred-reason'] === 'string' ? node['x-inferred-reason'] : '(no reason given)',
  }));
}
