/**
 * Every ```ts block of README.md compiles against the package's public entry points, as a user's project would
 * import them: `paycontracts`, `paycontracts/<slug>`, `paycontracts/sandbox` (mapped from package.json `exports`
 * to their sources). One TypeScript program checks all blocks at once; each block is its own ES module, so top-level
 * await works and blocks do not share names. Planted snippets go through the same program and must fail.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/pipeline/project-root.js';

const root = projectRoot();

interface CodeBlock {
  /** the 1-based README line of the block's first code line */
  line: number;
  code: string;
}

/** The fenced ```ts (or ```typescript) blocks of a Markdown text. */
function typeScriptBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: CodeBlock | undefined;
  markdown.split('\n').forEach((text, index) => {
    if (open) {
      if (/^\s*```\s*$/.test(text)) {
        blocks.push(open);
        open = undefined;
      } else open.code += `${text}\n`;
    } else if (/^\s*```(ts|typescript)\s*$/.test(text)) open = { line: index + 2, code: '' };
  });
  if (open) throw new Error(`README.md: the ts block opened on line ${open.line - 1} is never closed.`);
  return blocks;
}

type ExportTarget = string | { types?: string; import?: ExportTarget };

/** The types an ES module importing the entry gets: the `import` condition's, or the entry's own `types`. */
function importTypes(target: ExportTarget | undefined): string | undefined {
  if (typeof target !== 'object') return undefined;
  return importTypes(target.import) ?? target.types;
}

/** package.json `exports` → TypeScript `paths`: `./dist/src/x.d.ts` types are compiled from `src/x.ts`. */
async function publicEntryPaths(): Promise<Record<string, string[]>> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, ExportTarget>;
  };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const types = importTypes(target);
    if (!types?.startsWith('./dist/src/')) continue;
    const source = join(root, types.replace('./dist/', '').replace(/\.d\.ts$/, '.ts'));
    paths[subpath === '.' ? 'paycontracts' : `paycontracts/${subpath.slice(2)}`] = [source];
  }
  if (Object.keys(paths).length < 7) throw new Error(`package.json exports: only ${Object.keys(paths).join(', ')}.`);
  return paths;
}

/**
 * Type-checks snippets, each as its own module of an ESM project outside the repository that depends on the package,
 * in one program. Returns the diagnostics by snippet name, as `line:column TSxxxx message` relative to the snippet.
 */
async function typeCheckSnippets(snippets: Record<string, string>): Promise<Record<string, string[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'paycontracts-readme-'));
  try {
    await writeFile(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    const files = new Map<string, string>();
    for (const [name, code] of Object.entries(snippets)) {
      const file = join(dir, `${name}.ts`);
      files.set(file, name);
      await writeFile(file, code);
    }
    const program = ts.createProgram([...files.keys()], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      moduleDetection: ts.ModuleDetectionKind.Force,
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      typeRoots: [join(root, 'node_modules', '@types')],
      types: ['node'],
      // The browser-testing example also imports playwright-core, which the user's project installs itself.
      paths: {
        ...(await publicEntryPaths()),
        'playwright-core': [join(root, 'node_modules', 'playwright-core', 'index.d.ts')],
      },
    });
    const found: Record<string, string[]> = Object.fromEntries(Object.keys(snippets).map((name) => [name, []]));
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      const name = diagnostic.file && files.get(diagnostic.file.fileName);
      if (!diagnostic.file || !name) {
        const where = diagnostic.file ? diagnostic.file.fileName : 'the compiler options';
        throw new Error(`Not a snippet's error, in ${where}: TS${diagnostic.code} ${message}`);
      }
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      found[name]!.push(`${line + 1}:${character + 1} TS${diagnostic.code} ${message}`);
    }
    return found;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Snippets that must not compile: the checker has to see these errors, or it checks nothing. */
const PLANTED: Record<string, { code: string; error: RegExp }> = {
  // The webhook example the README once had: a verified delivery is `{ event, payload, id, authenticated }`.
  'planted-event-type': {
    code: `import { verifyChariPayWebhook } from 'paycontracts/chari-pay';
const event = verifyChariPayWebhook('{}', {}, 'whsec_test');
if (event.type === 'payment.completed') console.log(event.payload);
`,
    error: /^3:11 TS2339 Property 'type' does not exist/,
  },
  // Only the package's exports are importable, not its sources.
  'planted-private-path': {
    code: `import { createClient } from 'paycontracts/src/core/client.js';
console.log(createClient);
`,
    error: /^1:30 TS2307 Cannot find module 'paycontracts\/src\/core\/client\.js'/,
  },
  // A misspelt slug: startSandbox takes the provider slug union.
  'planted-slug': {
    code: `import { startSandbox } from 'paycontracts/sandbox';
await startSandbox('haloubi');
`,
    error: /^2:20 TS2345 Argument of type '"haloubi"' is not assignable/,
  },
};

describe('README.md', () => {
  let readme: string;
  let blocks: CodeBlock[];
  let diagnostics: Record<string, string[]>;

  beforeAll(async () => {
    readme = await readFile(join(root, 'README.md'), 'utf8');
    blocks = typeScriptBlocks(readme);
    const snippets: Record<string, string> = Object.fromEntries(blocks.map((b) => [`readme-${b.line}`, b.code]));
    for (const [name, { code }] of Object.entries(PLANTED)) snippets[name] = code;
    diagnostics = await typeCheckSnippets(snippets);
  }, 120_000);

  test('opens with the quick start for users, before any other section', () => {
    expect(/^## (.+)$/m.exec(readme)?.[1]).toBe('Quick start');
  });

  test('every ts block compiles against the public entry points', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const failures = blocks.flatMap((block) =>
      diagnostics[`readme-${block.line}`]!.map((d) => {
        const [line, column] = d.split(' ', 1)[0]!.split(':').map(Number);
        return `README.md:${block.line + line! - 1}:${column} ${d.slice(d.indexOf(' ') + 1)}`;
      }),
    );
    expect(failures).toEqual([]);
  });

  test.each(Object.entries(PLANTED))('the same check fails on a wrong snippet: %s', (name, { error }) => {
    expect(diagnostics[name]).toHaveLength(1);
    expect(diagnostics[name]![0]).toMatch(error);
  });
});

describe('typeScriptBlocks', () => {
  test.each([
    [
      'ts and typescript fences, with their first code line',
      '# t\n```ts\na;\n```\ntext\n```typescript\nb;\nc;\n```\n',
      [
        { line: 3, code: 'a;\n' },
        { line: 7, code: 'b;\nc;\n' },
      ],
    ],
    ['not sh, json or tsx fences', '```sh\nnpm i\n```\n```json\n{}\n```\n```tsx\n<a/>\n```\n', []],
  ])('%s', (_name, markdown, want) => {
    expect(typeScriptBlocks(markdown)).toEqual(want);
  });

  test('an unclosed block is an error that names its line', () => {
    expect(() => typeScriptBlocks('text\n```ts\nconst a = 1;\n')).toThrow(/opened on line 2 is never closed/);
  });
});
