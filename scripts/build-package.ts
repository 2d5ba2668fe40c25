/**
 * Builds the package in the current directory into `dist/`, one output file per source module, so that
 * bundlers drop every module a user does not import (a single bundled file kept 12.2 KB for `{ map }`):
 *
 * - `dist/esm/**.js`: ESM, and `dist/cjs/**.js`: CommonJS (a `package.json` there says so), both by esbuild,
 *   unbundled, with source maps that point at the shipped `src/` instead of embedding it (the source ships once);
 * - `dist/{esm,cjs}/**.d.ts` with declaration maps, by the TypeScript compiler, so "go to definition" opens
 *   `src/`.
 *
 * Run from a package directory: `node --import tsx ../../scripts/build-package.ts`. A package may have a
 * `tsconfig.json` (its compiler options apply, e.g. `types: []`); without one, Node's types are available.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';

const packageDir = process.cwd();
const srcDir = join(packageDir, 'src');
const distDir = join(packageDir, 'dist');

/** Test files and test helpers stay out of the build, as they stay out of the tarball (`files`). */
const isShipped = (name: string): boolean =>
  name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.test(-d)?\.ts$/.test(name) && !name.startsWith('test-');

function modulesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modulesUnder(path);
    return isShipped(entry.name) ? [path] : [];
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function fail(message: string): never {
  console.error(`build-package (${relative(process.cwd(), packageDir) || packageDir}): ${message}`);
  process.exit(1);
}

async function buildJs(entryPoints: string[]): Promise<void> {
  const shared = {
    entryPoints,
    outbase: srcDir,
    bundle: false,
    platform: 'neutral',
    target: 'es2022',
    sourcemap: true,
    // The maps point at `src/`, which ships beside `dist/`; embedding it would ship the source twice.
    sourcesContent: false,
    logLevel: 'warning',
  } as const;
  await Promise.all([
    build({ ...shared, format: 'esm', outdir: join(distDir, 'esm') }),
    build({ ...shared, format: 'cjs', outdir: join(distDir, 'cjs') }),
  ]);
  // Relative imports keep their `.js` suffix; this makes those files CommonJS to Node and TypeScript.
  writeFileSync(join(distDir, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
}

function readCompilerOptions(): ts.CompilerOptions {
  const own = join(packageDir, 'tsconfig.json');
  const configPath = ts.sys.fileExists(own) ? own : join(packageDir, '..', '..', 'tsconfig.base.json');
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error !== undefined) fail(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath));
  return { types: ['node'], ...parsed.options };
}

function buildTypes(rootNames: string[]): void {
  const options: ts.CompilerOptions = {
    ...readCompilerOptions(),
    noEmit: false,
    declaration: true,
    declarationMap: true,
    emitDeclarationOnly: true,
    rootDir: srcDir,
    outDir: join(distDir, 'esm'),
    // Sibling packages resolve to their built types here (not their `src`, outside this rootDir).
    customConditions: [],
  };
  const program = ts.createProgram({ rootNames, options });
  const emitted = program.emit();
  // Type errors are `pnpm typecheck`'s to report; here only what stops a declaration from being emitted.
  const diagnostics = emitted.diagnostics;
  if (diagnostics.length > 0) {
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => packageDir,
      getNewLine: () => '\n',
    };
    fail(`declarations failed\n${ts.formatDiagnosticsWithColorAndContext(diagnostics, host)}`);
  }
  // The same declarations serve CommonJS: `dist/cjs` is as deep as `dist/esm`, so the maps still point home.
  for (const file of filesUnder(join(distDir, 'esm'))) {
    if (!file.endsWith('.d.ts') && !file.endsWith('.d.ts.map')) continue;
    const target = join(distDir, 'cjs', relative(join(distDir, 'esm'), file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
}

const entryPoints = modulesUnder(srcDir);
if (entryPoints.length === 0) fail('no modules under src/');
rmSync(distDir, { recursive: true, force: true });
await buildJs(entryPoints);
buildTypes(entryPoints);
