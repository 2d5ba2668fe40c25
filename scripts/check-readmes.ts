/**
 * Every ```ts block in every README (and CONTRIBUTING.md) type-checks, against the packages' sources, as a
 * module of its own. Free names the examples use without defining (`socket`, `hub`, `handle`, …) are
 * declared once in `scripts/readme-prelude.d.ts`, so the examples stay short.
 *
 * `node --import tsx scripts/check-readmes.ts [--keep]`; `--keep` leaves the extracted files in
 * `.readme-check/` to look at.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.readme-check');
const preludeSource = join(root, 'scripts', 'readme-prelude.d.ts');
// Copied beside the examples, so that it finds what they find (`rxjs` is @siphon/rxjs's, not the root's).
const prelude = join(out, 'prelude.d.ts');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name === 'README.md' || entry.name === 'CONTRIBUTING.md' ? [path] : [];
  });
}

interface Block {
  readonly readme: string;
  readonly line: number;
  readonly file: string;
}

/** One import statement per name a block's imports bind, so that blocks below can inherit them one by one. */
function importsOf(code: string): Map<string, string> {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, true);
  const imports = new Map<string, string>();
  for (const declaration of source.statements.filter(ts.isImportDeclaration)) {
    const from = declaration.moduleSpecifier.getText(source);
    const clause = declaration.importClause;
    const type = clause?.isTypeOnly === true ? 'type ' : '';
    if (clause?.name !== undefined) imports.set(clause.name.text, `import ${type}${clause.name.text} from ${from};`);
    const bindings = clause?.namedBindings;
    if (bindings !== undefined && ts.isNamespaceImport(bindings)) {
      imports.set(bindings.name.text, `import ${type}* as ${bindings.name.text} from ${from};`);
    }
    if (bindings !== undefined && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        const kind = type !== '' || element.isTypeOnly ? 'type ' : '';
        imports.set(
          element.name.text,
          `import { ${kind}${element.getText(source).replace(/^type /, '')} } from ${from};`,
        );
      }
    }
  }
  return imports;
}

/** What a package's `src/index.ts` exports, as imports: a package's README may use them without importing. */
function exportsOf(packageName: string, dir: string): Map<string, string> {
  const file = join(root, 'packages', dir, 'src', 'index.ts');
  const imports = new Map<string, string>();
  if (!existsSync(file)) return imports;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.exportClause === undefined) continue;
    if (!ts.isNamedExports(statement.exportClause)) continue;
    for (const element of statement.exportClause.elements) {
      const type = statement.isTypeOnly || element.isTypeOnly ? 'type ' : '';
      imports.set(element.name.text, `import { ${type}${element.name.text} } from '${packageName}';`);
    }
  }
  return imports;
}

/** Top-level names a block declares or imports itself. */
function ownNames(code: string): Set<string> {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, true);
  const names = new Set(importsOf(code).keys());
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/**
 * Writes each block as `.readme-check/<readme path>-<line>.ts`. A block sees the imports of the blocks
 * above it in the same README (a README reads top to bottom) and, in a package's README, that package's and
 * core's exports, unless it binds the same name itself.
 */
function extract(readme: string): Block[] {
  const blocks: Block[] = [];
  const inScope = new Map<string, string>();
  const packageDir = /^packages\/([^/]+)\//.exec(relative(root, readme).replace(/\\/g, '/'))?.[1];
  const lines = readFileSync(readme, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end++;
    const body = lines.slice(start, end).join('\n');
    const own = ownNames(body);
    const implicit = new Map([
      ...exportsOf('@siphon/core', 'core'),
      ...(packageDir === undefined ? [] : exportsOf(`@siphon/${packageDir}`, packageDir)),
    ]);
    const header = [...new Map([...implicit, ...inScope])]
      .filter(([name]) => !own.has(name))
      .map(([, statement]) => statement)
      .join(' ');
    const name = `${relative(root, readme).replace(/[/\\]/g, '_').replace(/\.md$/, '')}-${start + 1}.ts`;
    const file = join(out, name);
    // The implicit imports share one line and blank lines follow, so TypeScript's line numbers are the
    // README's; `export {}` makes each block a module of its own.
    writeFileSync(file, `${header}${'\n'.repeat(start)}${body}\nexport {};\n`);
    blocks.push({ readme, line: start + 1, file });
    for (const [bound, statement] of importsOf(body)) inScope.set(bound, statement);
    i = end;
  }
  return blocks;
}

/** The workspace packages and their dependencies, found from `.readme-check/` as from a user's project. */
function linkPackages(): void {
  const modules = join(out, 'node_modules');
  mkdirSync(join(modules, '@siphon'), { recursive: true });
  for (const dir of readdirSync(join(root, 'packages'))) {
    const packageDir = join(root, 'packages', dir);
    if (!existsSync(join(packageDir, 'package.json'))) continue;
    const { name } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string };
    symlinkSync(packageDir, join(modules, name), 'dir');
    const own = join(packageDir, 'node_modules');
    if (!existsSync(own)) continue;
    for (const dep of readdirSync(own)) {
      if (dep.startsWith('.') || dep.startsWith('@')) continue;
      if (!existsSync(join(modules, dep))) symlinkSync(join(own, dep), join(modules, dep), 'dir');
    }
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
linkPackages();
copyFileSync(preludeSource, prelude);
const blocks = markdownFiles(root).flatMap(extract);

const config = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => ts.sys.readFile(path));
const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
// Examples may leave a name unused or an expression's value unread; they are read, not run.
const program = ts.createProgram({
  rootNames: [prelude, ...blocks.map((block) => block.file)],
  options: { ...options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false },
});
const diagnostics = ts
  .getPreEmitDiagnostics(program)
  .filter((d) => d.file === undefined || d.file.fileName.startsWith(out));

const byFile = new Map(blocks.map((block) => [resolve(block.file), block]));
for (const diagnostic of diagnostics) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const block = diagnostic.file === undefined ? undefined : byFile.get(resolve(diagnostic.file.fileName));
  if (block === undefined || diagnostic.file === undefined || diagnostic.start === undefined) {
    console.error(`TS${diagnostic.code}: ${message}`);
    continue;
  }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  console.error(`${relative(root, block.readme)}:${line + 1}:${character + 1} TS${diagnostic.code}: ${message}`);
}
if (!process.argv.includes('--keep')) rmSync(out, { recursive: true, force: true });
const readmes = new Set(blocks.map((block) => block.readme)).size;
if (diagnostics.length > 0) {
  console.error(`check-readmes: ${diagnostics.length} type errors in the examples (of ${blocks.length} blocks)`);
  process.exit(1);
}
console.log(`check-readmes: ${blocks.length} TypeScript examples in ${readmes} READMEs type-check`);
