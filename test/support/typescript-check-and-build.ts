// Type-checks the whole project (tsconfig.json, as `tsc --noEmit -p tsconfig.json`) and, from the same program,
// emits dist/ for the files of tsconfig.json.build (as `tsc -p tsconfig.build.json`): one parse and one check
// instead of two. Prints {"check": tsc's output for the first, "build": tsc's output for the second} as JSON.
import { join, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? '.');

function parse(file: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, file), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${file}`);
  return parsed;
}

const project = parse('tsconfig.json');
const build = parse('tsconfig.build.json');
// The build config may only switch emit on: anything else would make the shared program not the build's.
const emitOnly = (options: ts.CompilerOptions) => {
  const { configFilePath, noEmit, declaration, ...rest } = options;
  return JSON.stringify(rest);
};
if (emitOnly(project.options) !== emitOnly(build.options) || build.options.noEmit || !build.options.declaration)
  throw new Error('tsconfig.build.json differs from tsconfig.json by more than switching emit on; check them apart');
const missing = build.fileNames.filter((f) => !project.fileNames.includes(f));
if (missing.length > 0) throw new Error(`tsconfig.build.json has files tsconfig.json lacks: ${missing.join(', ')}`);

const program = ts.createProgram({
  rootNames: project.fileNames,
  options: { ...build.options, configFilePath: project.options.configFilePath },
  configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(project),
});
const host: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};
const checked = ts.getPreEmitDiagnostics(program);

const buildFiles = new Set(build.fileNames.map((f) => resolve(f)));
const inBuild = (d: ts.Diagnostic) => !d.file || buildFiles.has(resolve(d.file.fileName));
const emitted: ts.Diagnostic[] = [];
for (const file of buildFiles) {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  if (!source.isDeclarationFile) emitted.push(...program.emit(source).diagnostics);
}

process.stdout.write(
  JSON.stringify({
    check: ts.formatDiagnostics(checked, host),
    build: ts.formatDiagnostics([...checked.filter(inBuild), ...emitted], host),
  }),
);
