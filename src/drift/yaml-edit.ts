import { Document, isMap, isScalar, isSeq, type Node, type Pair, parseDocument, visit } from 'yaml';

interface Splice {
  start: number;
  end: number;
  text: string;
  indent: number;
  order: number;
}

/** A string that a YAML 1.1 reader (js-yaml, which Redocly uses) would take for a date, a boolean or a number. */
const AMBIGUOUS = /^(\d{4}-\d\d-\d\d.*|y|n|yes|no|on|off|true|false|null|~|[-+]?[\d._]+(e[-+]?\d+)?|0x[\da-f]+)$/i;

/** A value as YAML lines at `indent` spaces, strings quoted where another YAML reader could misread them. */
export function yamlBlock(value: unknown, indent: number): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && (AMBIGUOUS.test(node.value) || node.value === ''))
        node.type = 'QUOTE_DOUBLE';
    },
  });
  const text = doc.toString({ lineWidth: 0, indent: 2 });
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `${' '.repeat(indent)}${line}\n`)
    .join('');
}

/**
 * Edits one hand-authored YAML file at the text level: the parser only says where each node is, and every byte
 * outside an edit stays as it was, so a patch shows the change and nothing of a reformatting.
 */
export class YamlTextEdit {
  private readonly doc;
  private readonly splices: Splice[] = [];

  constructor(readonly original: string) {
    this.doc = parseDocument(original);
  }

  /** The node at a JSON pointer inside this file, or undefined. */
  node(pointer: string): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const raw of pointer.split('/').slice(1)) {
      const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (isMap(node)) node = this.pair(node, token)?.value;
      else if (isSeq(node)) node = node.items[Number(token)];
      else return undefined;
    }
    return node as Node | undefined;
  }

  has(pointer: string): boolean {
    return this.node(pointer) !== undefined;
  }

  private pair(map: Node, key: string): Pair<Node, Node> | undefined {
    if (!isMap(map)) return undefined;
    return (map.items as Pair<Node, Node>[]).find((p) => isScalar(p.key) && String(p.key.value) === key);
  }

  private lineStart(pos: number): number {
    return this.original.lastIndexOf('\n', pos - 1) + 1;
  }

  /** The start of the line after the one `pos` ends. */
  private lineEndAfter(pos: number): number {
    if (pos > 0 && this.original[pos - 1] === '\n') return pos;
    const next = this.original.indexOf('\n', pos);
    return next === -1 ? this.original.length : next + 1;
  }

  private splice(start: number, end: number, text: string, indent: number): void {
    this.splices.push({ start, end, text, indent, order: this.splices.length });
  }

  private pairRange(pair: Pair<Node, Node>): [number, number] {
    const keyStart = pair.key?.range?.[0] ?? 0;
    const end = pair.value?.range?.[1] ?? pair.key?.range?.[1] ?? keyStart;
    return [this.lineStart(keyStart), this.lineEndAfter(end)];
  }

  private mapIndent(map: Node): number {
    const first = (isMap(map) ? map.items[0] : undefined) as Pair<Node, Node> | undefined;
    const at = first?.key?.range?.[0] ?? map.range?.[0] ?? 0;
    return at - this.lineStart(at);
  }

  /** Adds `key: value` to the block mapping at `pointer`, after `after` (a key) or at its end. */
  insertPair(pointer: string, key: string, value: unknown, before?: (existing: string) => boolean): boolean {
    const map = this.node(pointer);
    if (!isMap(map) || map.flow || map.items.length === 0) return false;
    const indent = this.mapIndent(map);
    const pairs = map.items as Pair<Node, Node>[];
    const next = before ? pairs.find((p) => isScalar(p.key) && before(String(p.key.value))) : undefined;
    const last = pairs[pairs.length - 1];
    if (!last) return false;
    const at = next ? this.pairRange(next)[0] : this.pairRange(last)[1];
    this.splice(at, at, yamlBlock({ [key]: value }, indent), indent);
    return true;
  }

  /** Removes `key` from the mapping at `pointer`; replaced by `value` when one is given. */
  removePair(pointer: string, key: string, value?: Record<string, unknown>): boolean {
    const map = this.node(pointer);
    const pair = map ? this.pair(map, key) : undefined;
    if (!map || !pair) return false;
    const [start, end] = this.pairRange(pair);
    this.splice(start, end, value ? yamlBlock(value, this.mapIndent(map)) : '', this.mapIndent(map));
    return true;
  }

  /** Appends an item to the sequence at `pointer`, in its own style (block `- x` or flow `[a, x]`). */
  appendItem(pointer: string, value: unknown): boolean {
    const seq = this.node(pointer);
    if (!isSeq(seq) || seq.items.length === 0 || !seq.range) return false;
    const item = yamlBlock(value, 0).trim();
    if (seq.flow) {
      const close = this.original.lastIndexOf(']', seq.range[1]);
      this.splice(close, close, `, ${item}`, 0);
      return true;
    }
    const last = seq.items[seq.items.length - 1] as Node;
    const start = last.range?.[0] ?? 0;
    const prefix = this.original.slice(this.lineStart(start), start);
    const at = this.lineEndAfter(last.range?.[1] ?? start);
    this.splice(at, at, `${prefix}${item}\n`, prefix.length);
    return true;
  }

  /** Removes the items at `indexes` from the sequence at `pointer` (block style). */
  removeItems(pointer: string, indexes: number[]): boolean {
    const seq = this.node(pointer);
    if (!isSeq(seq) || seq.flow) return false;
    for (const index of indexes) {
      const item = seq.items[index] as Node | undefined;
      if (!item?.range) return false;
      this.splice(this.lineStart(item.range[0]), this.lineEndAfter(item.range[1]), '', 0);
    }
    return true;
  }

  /** Replaces the scalar or flow node at `pointer` with `value`, written inline. */
  replaceValue(pointer: string, value: unknown): boolean {
    const node = this.node(pointer);
    if (!node?.range || !(isScalar(node) || (isSeq(node) && node.flow))) return false;
    const text = new Document(value).toString({ lineWidth: 0, flowCollectionPadding: false }).trim();
    this.splice(node.range[0], node.range[1], Array.isArray(value) ? `[${(value as unknown[]).join(', ')}]` : text, 0);
    return true;
  }

  /** The edited text: splices applied from the end, shallower first at one offset so deeper text comes before. */
  result(): string {
    const ordered = [...this.splices].sort((a, b) => b.start - a.start || a.indent - b.indent || b.order - a.order);
    let text = this.original;
    let floor = Number.POSITIVE_INFINITY;
    for (const s of ordered) {
      if (s.end > floor) throw new Error('Two edits of one YAML file overlap.');
      text = `${text.slice(0, s.start)}${s.text}${text.slice(s.end)}`;
      floor = Math.min(floor, s.start);
    }
    return text;
  }
}
