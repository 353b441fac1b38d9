import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import type { JsonObject } from '../core/openapi-document.js';
import { escapePointerToken } from '../pipeline/inference-ledger.js';
import type { SpecLocation } from './types.js';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Maps a pointer into the bundled spec back to the hand-authored split file it came from: the bundler turns
 * `components/schemas/Payment.yaml` into `#/components/schemas/Payment`, and a path's file into `paths[<path>]`,
 * so the pointer is walked through the root `openapi.yaml` and each file `$ref` on its way.
 */
export class SpecSources {
  private readonly files = new Map<string, unknown>();

  /** `specDir` is specs/<slug>; `root` is what `file` is given relative to (the project root). */
  constructor(
    readonly specDir: string,
    private readonly root: string,
  ) {}

  load(file: string): unknown {
    let doc = this.files.get(file);
    if (doc === undefined) {
      doc = parse(readFileSync(file, 'utf8'));
      this.files.set(file, doc);
    }
    return doc;
  }

  locate(pointer: string): SpecLocation {
    const tokens = pointer.split('/').slice(1).map(unescapeToken);
    let file = join(this.specDir, 'openapi.yaml');
    let rest = tokens;
    const [section, kind, name] = tokens;
    const componentFile =
      section === 'components' && kind && name ? join(this.specDir, 'components', kind, `${name}.yaml`) : '';
    if (componentFile && existsSync(componentFile)) {
      file = componentFile;
      rest = tokens.slice(3);
    }
    let node: unknown = this.load(file);
    let local: string[] = [];
    for (const token of rest) {
      if (isObject(node) && typeof node.$ref === 'string' && !node.$ref.startsWith('#')) {
        const [target = '', fragment = ''] = node.$ref.split('#');
        file = join(dirname(file), target);
        node = this.load(file);
        local = fragment.split('/').slice(1).map(unescapeToken);
        for (const key of local) node = isObject(node) ? node[key] : undefined;
      }
      node = isObject(node) ? node[token] : Array.isArray(node) ? node[Number(token)] : undefined;
      local.push(token);
    }
    return {
      pointer,
      file: relative(this.root, file).split('\\').join('/'),
      filePointer: local.length === 0 ? '' : `/${local.map(escapePointerToken).join('/')}`,
    };
  }
}
