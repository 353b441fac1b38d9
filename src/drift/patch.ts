import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { OpenApiDocument } from '../core/openapi-document.js';
import { inferSchema } from './infer-schema.js';
import { SpecValidator } from './spec-validator.js';
import type { ConfirmedInference, Drift, DriftReport } from './types.js';
import { unifiedDiff } from './unified-diff.js';
import { YamlTextEdit } from './yaml-edit.js';

export interface PatchResult {
  /** a unified diff against specs/<slug>/, for `git apply` */
  diff: string;
  /** drift edits and verified inferences written */
  edits: number;
  /** what the patch leaves to a maintainer, and why */
  left: { where: string; why: string }[];
}

/** Why a drift kind is reported but never patched: the traffic alone cannot say what the spec should say. */
const NOT_PATCHED: Partial<Record<Drift['kind'], string>> = {
  'method-refused': 'the verb was refused; the right one is not in the traffic',
  'path-not-found': 'the path was not found; the right one is not in the traffic',
  'error-shape': "the error body is not in the provider's error format; the format is one decision for every 4xx",
  'content-type': 'the media type differs; pick the one the document means',
  'event-unknown': 'the webhook event is not documented; its payload schema and meaning are for a maintainer to write',
};

/** A webhook header that did not arrive is often the signature: loosening it is a security decision, not an edit. */
const WEBHOOK_HEADER =
  "a webhook delivery came without this header; whether deliveries are signed (x-webhook-signature) is the maintainer's call";

function parent(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

function leaf(pointer: string): string {
  return pointer
    .slice(pointer.lastIndexOf('/') + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
}

/** `card_expired` → `CARD_EXPIRED`, a name `x-enum-varnames` accepts. */
function varname(value: unknown): string {
  const name = String(value)
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toUpperCase();
  return /^[A-Za-z_]/.test(name) ? name : `V_${name}`;
}

/**
 * Writes the spec change that would make a live run's traffic valid, as a patch to review: the status, field or enum
 * value the provider sent, the field it left out made optional, and each inference the traffic confirmed turned into
 * `x-verified`. Every edited node says `x-inferred: true`, "observed in a live run on DATE".
 */
export class DriftPatcher {
  private readonly edits = new Map<string, YamlTextEdit>();
  private readonly marks = new Map<string, Set<string>>();
  private readonly newProperties = new Map<string, Record<string, unknown>>();
  private readonly dropRequired = new Map<string, number[]>();
  private readonly validator: SpecValidator;
  private readonly reason: string;
  private count = 0;
  readonly left: PatchResult['left'] = [];

  constructor(
    private readonly root: string,
    private readonly bundled: OpenApiDocument,
    private readonly date: string,
  ) {
    this.validator = new SpecValidator(bundled);
    this.reason = `observed in a live run on ${date}`;
  }

  private edit(file: string): YamlTextEdit {
    let edit = this.edits.get(file);
    if (!edit) {
      edit = new YamlTextEdit(readFileSync(join(this.root, file), 'utf8'));
      this.edits.set(file, edit);
    }
    return edit;
  }

  private mark(file: string, pointer: string): void {
    const set = this.marks.get(file) ?? new Set<string>();
    set.add(pointer);
    this.marks.set(file, set);
  }

  private leave(where: { file: string; filePointer: string }, why: string): void {
    this.left.push({ where: `${where.file}#${where.filePointer}`, why });
  }

  drift(drift: Drift): void {
    const why =
      NOT_PATCHED[drift.kind] ??
      (drift.kind === 'header-missing' && drift.example.webhook !== undefined ? WEBHOOK_HEADER : undefined);
    if (why) {
      this.leave(drift, why);
      return;
    }
    const edit = this.edit(drift.file);
    const at = drift.filePointer;
    const done = this.apply(drift, edit, at);
    if (done === true) this.count++;
    else this.leave(drift, done);
  }

  /** One drift's edit; true when written, else why not. */
  private apply(drift: Drift, edit: YamlTextEdit, at: string): true | string {
    const schema = parent(at);
    switch (drift.kind) {
      case 'unknown-field': {
        const fields = this.newProperties.get(`${drift.file}#${parent(schema)}`) ?? {};
        fields[leaf(at)] = { ...inferSchema(drift.observed), 'x-inferred': true, 'x-inferred-reason': this.reason };
        this.newProperties.set(`${drift.file}#${parent(schema)}`, fields);
        return true;
      }
      case 'enum':
        return this.addEnumValue(drift, edit, at);
      case 'required-missing': {
        const list = this.dropRequired.get(`${drift.file}#${schema}`) ?? [];
        list.push(Number(leaf(at)));
        this.dropRequired.set(`${drift.file}#${schema}`, list);
        this.mark(drift.file, parent(schema));
        return true;
      }
      case 'type': {
        const old = edit.node(at)?.toJSON() as unknown;
        const types = [...(Array.isArray(old) ? old : [old]), drift.observed];
        if (!edit.replaceValue(at, types)) return `no type to widen at ${at}`;
        this.mark(drift.file, schema);
        return true;
      }
      case 'format':
      case 'schema':
        if (!edit.removePair(schema, leaf(at))) return `no ${leaf(at)} at ${at}`;
        this.mark(drift.file, schema);
        return true;
      case 'status-undocumented':
        return this.addStatus(drift, edit, at);
      case 'header-missing':
        if (edit.node(`${at}/required`)?.toJSON() !== true)
          return 'the header is already optional; the API did not echo it, which the spec cannot loosen further';
        edit.replaceValue(`${at}/required`, false);
        this.mark(drift.file, at);
        return true;
      default:
        return `${drift.kind} is not patched`;
    }
  }

  private addEnumValue(drift: Drift, edit: YamlTextEdit, at: string): true | string {
    const schema = parent(at);
    if (!edit.appendItem(at, drift.observed)) return `no enum list at ${at}`;
    const companions: [string, unknown][] = [
      ['x-enum-varnames', varname(drift.observed)],
      ['x-enum-descriptions', this.reason],
      ['x-enum-http-statuses', drift.example.status],
    ];
    for (const [name, value] of companions)
      if (edit.has(`${schema}/${name}`)) edit.appendItem(`${schema}/${name}`, value);
    this.mark(drift.file, schema);
    return true;
  }

  private addStatus(drift: Drift, edit: YamlTextEdit, at: string): true | string {
    const status = Number(leaf(at));
    const body = drift.example.body;
    let schema: Record<string, unknown> | undefined;
    if (body !== undefined && status >= 400) {
      const errorSchema = String(this.bundled['x-error-schema'] ?? '');
      if (!errorSchema || !this.validator.validate(`/components/schemas/${errorSchema}`, body).valid)
        return `the ${status} body is not in the provider's error format`;
      const target = join('specs', String(drift.file.split('/')[1]), 'components', 'schemas', `${errorSchema}.yaml`);
      const ref = relative(dirname(drift.file), target).split('\\').join('/');
      schema = { $ref: ref.startsWith('.') ? ref : `./${ref}` };
    } else if (body !== undefined) schema = inferSchema(body);
    const media = typeof body === 'string' ? 'text/plain' : 'application/json';
    const response = {
      description: `Answered in a live run on ${this.date}; the document does not name this status.`,
      'x-inferred': true,
      'x-inferred-reason': this.reason,
      ...(schema ? { content: { [media]: { schema, example: body } } } : {}),
    };
    const inserted = edit.insertPair(parent(at), String(status), response, (key) => Number(key) > status);
    return inserted || `no responses map at ${parent(at)}`;
  }

  confirmed(inference: ConfirmedInference): void {
    if (this.marks.get(inference.file)?.has(inference.filePointer)) return;
    const edit = this.edit(inference.file);
    const verified = { 'x-verified': { date: this.date, exchanges: inference.exchanges } };
    if (!edit.removePair(inference.filePointer, 'x-inferred', verified)) {
      this.leave(inference, 'the x-inferred mark is not in this file any more');
      return;
    }
    edit.removePair(inference.filePointer, 'x-inferred-reason');
    this.count++;
  }

  /** The deferred edits (new properties, required lists, marks), then one diff per touched file. */
  finish(): PatchResult {
    for (const [key, fields] of this.newProperties) {
      const [file = '', pointer = ''] = key.split('#');
      const edit = this.edit(file);
      if (edit.has(`${pointer}/properties`))
        for (const [name, schema] of Object.entries(fields)) edit.insertPair(`${pointer}/properties`, name, schema);
      else edit.insertPair(pointer, 'properties', fields);
    }
    for (const [key, indexes] of this.dropRequired) {
      const [file = '', pointer = ''] = key.split('#');
      const edit = this.edit(file);
      const all = (edit.node(pointer)?.toJSON() as unknown[] | undefined)?.length ?? 0;
      if (indexes.length >= all) edit.removePair(parent(pointer), 'required');
      else edit.removeItems(pointer, indexes);
    }
    for (const [file, pointers] of this.marks) {
      const edit = this.edit(file);
      for (const pointer of pointers) {
        // An existing mark keeps its place and gets the new reason; otherwise the mark goes at the end.
        if (edit.has(`${pointer}/x-inferred`) && edit.has(`${pointer}/x-inferred-reason`)) {
          edit.removePair(pointer, 'x-inferred-reason', { 'x-inferred-reason': this.reason });
          continue;
        }
        edit.removePair(pointer, 'x-inferred');
        edit.insertPair(pointer, 'x-inferred', true);
        edit.insertPair(pointer, 'x-inferred-reason', this.reason);
      }
    }
    const diff = [...this.edits.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([file, edit]) => unifiedDiff(file, edit.original, edit.result()))
      .join('');
    return { diff, edits: this.count, left: this.left };
  }
}

/** The patch for a saved report, against the split spec under `root`/specs/<provider>/. */
export function driftPatch(report: DriftReport, root: string, date: string): PatchResult {
  const bundled = JSON.parse(
    readFileSync(join(root, 'generated', report.provider, 'openapi.json'), 'utf8'),
  ) as OpenApiDocument;
  const patcher = new DriftPatcher(root, bundled, date);
  for (const drift of report.drifts) patcher.drift(drift);
  for (const inference of report.confirmed) patcher.confirmed(inference);
  return patcher.finish();
}
