import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

/** The house size rules: no file in src/ over 300 lines, no function over 60 (../shared/ARCHITECTURE.md). */
const ROOT = join(import.meta.dirname, '..', '..');
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every function-like node longer than the limit, as `file:line name (N lines)`. */
function longFunctions(fileName: string, text: string, limit = MAX_FUNCTION_LINES): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      const name = (node as { name?: ts.Node }).name?.getText(source) ?? '(anonymous)';
      if (lines > limit) found.push(`${fileName}:${start + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('house size rules over src/', () => {
  const files = sourceFiles(join(ROOT, 'src'));
  test('no file over 300 lines', () => {
    const long = files
      .map((file) => [relative(ROOT, file), readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });
  test('no function over 60 lines', () => {
    const long = files.flatMap((file) => longFunctions(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(long).toEqual([]);
  });
  test('the function check can fail', () => {
    const body = Array.from({ length: 61 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    expect(longFunctions('planted.ts', `function planted() {\n${body}\n}\n`)).toEqual([
      'planted.ts:1 planted (63 lines)',
    ]);
  });
});
