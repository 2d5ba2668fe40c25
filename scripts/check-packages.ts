/**
 * What every published package must have, checked on the tarball `pnpm pack` makes (after `pnpm build`):
 * the LICENSE, a CHANGELOG, complete metadata, public access with provenance, no dependency on a private
 * workspace package, every `exports` target inside the tarball, and nothing else than `dist/`, `src/` without
 * tests, and the usual top-level files. Any `packages/*` that is not private is checked, so a new package
 * is held to the same shape as soon as it exists.
 *
 * `node --import tsx scripts/check-packages.ts [--fix]`: `--fix` brings every published package to the shared
 * shape (see `fixPackage`); then add `description` and `keywords` where missing, and run `pnpm install`.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const fix = process.argv.includes('--fix');
const repositoryUrl = 'git+https://github.com/siphon-streams/siphon.git';
const webUrl = 'https://github.com/siphon-streams/siphon';
const license = readFileSync(join(root, 'LICENSE'), 'utf8');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  [field: string]: unknown;
}

const readJson = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

const workspace = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, manifest: readJson(join(root, 'packages', dir, 'package.json')) }));
const privateNames = new Set(workspace.filter((p) => p.manifest.private === true).map((p) => p.manifest.name));
const published = workspace.filter((p) => p.manifest.private !== true);

/** The metadata every published package shares; `--fix` writes it. */
const shared = (dir: string): Record<string, unknown> => ({
  homepage: `${webUrl}/tree/main/packages/${dir}#readme`,
  bugs: { url: `${webUrl}/issues` },
  repository: { type: 'git', url: repositoryUrl, directory: `packages/${dir}` },
  license: 'MIT',
  author: 'the Siphon authors',
  publishConfig: { access: 'public', provenance: true },
});

/** An entry of `exports` in the shared layout: the source condition, then ESM and CommonJS from `dist/`. */
const exportEntry = (source: string): Record<string, unknown> => {
  const base = source.replace(/^\.\/src\//, '').replace(/\.ts$/, '');
  return {
    '@siphon/source': source,
    import: { types: `./dist/esm/${base}.d.ts`, default: `./dist/esm/${base}.js` },
    require: { types: `./dist/cjs/${base}.d.ts`, default: `./dist/cjs/${base}.js` },
  };
};

const fieldOrder = [
  ...['name', 'version', 'description', 'keywords', 'homepage', 'bugs', 'repository', 'license', 'author'],
  ...['type', 'sideEffects', 'engines', 'exports', 'main', 'module', 'types', 'files', 'publishConfig', 'scripts'],
  ...['dependencies', 'peerDependencies', 'peerDependenciesMeta', 'devDependencies'],
];

/**
 * Brings a package to the shared shape: LICENSE, a CHANGELOG, the shared metadata, the `exports` layout
 * and build of `scripts/build-package.ts` (a `tsup.config.ts` goes), and private test packages moved to
 * the root's devDependencies. Leaves `description`, `keywords` and the entries themselves to the author.
 */
function fixPackage(dir: string, manifest: Manifest): void {
  const packageDir = join(root, 'packages', dir);
  copyFileSync(join(root, 'LICENSE'), join(packageDir, 'LICENSE'));
  const changelog = join(packageDir, 'CHANGELOG.md');
  if (!existsSync(changelog)) writeFileSync(changelog, `# ${manifest.name}\n`);
  const fixed: Manifest = { ...manifest, ...shared(dir), type: 'module', sideEffects: false };
  const exportsField = (manifest['exports'] ?? {}) as Record<string, unknown>;
  fixed['exports'] = Object.fromEntries(
    Object.entries(exportsField).map(([subpath, target]) => {
      const source = (target as Record<string, unknown> | null)?.['@siphon/source'];
      return [subpath, typeof source === 'string' ? exportEntry(source) : target];
    }),
  );
  Object.assign(fixed, { main: './dist/cjs/index.js', module: './dist/esm/index.js', types: './dist/cjs/index.d.ts' });
  fixed['files'] = ['dist', 'src', '!src/**/*.test.ts', '!src/**/*.test-d.ts', '!src/**/test-*', 'CHANGELOG.md'];
  const scripts = (manifest['scripts'] ?? {}) as Record<string, string>;
  fixed['scripts'] = { ...scripts, build: 'node --import tsx ../../scripts/build-package.ts' };
  rmSync(join(packageDir, 'tsup.config.ts'), { force: true });
  const devDependencies = { ...((manifest['devDependencies'] ?? {}) as Record<string, string>) };
  const moved = Object.keys(devDependencies).filter((name) => privateNames.has(name));
  for (const name of moved) delete devDependencies[name];
  fixed['devDependencies'] = devDependencies;
  if (Object.keys(devDependencies).length === 0) delete fixed['devDependencies'];
  if (moved.length > 0) {
    const rootManifest = readJson(join(root, 'package.json'));
    const rootDev = (rootManifest['devDependencies'] ?? {}) as Record<string, string>;
    for (const name of moved) rootDev[name] ??= 'workspace:*';
    rootManifest['devDependencies'] = Object.fromEntries(
      Object.entries(rootDev).sort(([a], [b]) => a.localeCompare(b)),
    );
    writeFileSync(join(root, 'package.json'), `${JSON.stringify(rootManifest, null, 2)}\n`);
    console.log(`moved ${moved.join(', ')} to the root's devDependencies: run pnpm install`);
  }
  const ordered: Manifest = { name: fixed.name, version: fixed.version };
  for (const field of [...fieldOrder, ...Object.keys(fixed)])
    if (fixed[field] !== undefined) ordered[field] ??= fixed[field];
  writeFileSync(join(packageDir, 'package.json'), `${JSON.stringify(ordered, null, 2)}\n`);
}

/** Every string target in `exports`, `main`, `module` and `types`, except the source condition's. */
function targets(manifest: Manifest): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (key !== '@siphon/source') found.push(value);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(manifest['exports'], '');
  for (const field of ['main', 'module', 'types']) walk(manifest[field], field);
  return found.map((path) => path.replace(/^\.\//, ''));
}

const allowedTopLevel = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);

function checkManifest(dir: string, manifest: Manifest, problems: string[]): void {
  const packageDir = join(root, 'packages', dir);
  const licenseFile = join(packageDir, 'LICENSE');
  if (!existsSync(licenseFile) || readFileSync(licenseFile, 'utf8') !== license) {
    problems.push('LICENSE is missing or differs from the root LICENSE');
  }
  if (!existsSync(join(packageDir, 'CHANGELOG.md'))) problems.push('CHANGELOG.md is missing');
  if (!existsSync(join(packageDir, 'README.md'))) problems.push('README.md is missing');
  for (const [field, value] of Object.entries(shared(dir))) {
    if (JSON.stringify(manifest[field]) !== JSON.stringify(value)) {
      problems.push(`"${field}" must be ${JSON.stringify(value)}, got ${JSON.stringify(manifest[field])}`);
    }
  }
  const keywords = manifest['keywords'];
  if (!Array.isArray(keywords) || keywords.length === 0) problems.push('"keywords" is missing');
  if (typeof manifest['description'] !== 'string') problems.push('"description" is missing');
  if (manifest['sideEffects'] !== false) problems.push('"sideEffects" must be false (and true to it)');
  if (manifest['type'] !== 'module') problems.push('"type" must be "module"');
  for (const field of ['dependencies', 'peerDependencies', 'devDependencies', 'optionalDependencies']) {
    for (const name of Object.keys((manifest[field] as Record<string, string> | undefined) ?? {})) {
      if (privateNames.has(name)) {
        problems.push(`${field} names the private ${name}: declare it in the workspace root's devDependencies`);
      }
    }
  }
}

async function checkTarball(dir: string, manifest: Manifest, problems: string[]): Promise<void> {
  const packageDir = join(root, 'packages', dir);
  const out = mkdtempSync(join(tmpdir(), `siphon-pack-${dir}-`));
  try {
    // pnpm, as publishing does: it rewrites `workspace:` ranges; this runs under `pnpm test`.
    const pnpm = process.env['npm_execpath'];
    const [command, args] =
      pnpm !== undefined && /pnpm/.test(pnpm) ? [process.execPath, [pnpm]] : ['npx', ['-y', 'pnpm@10.34.9']];
    try {
      await run(command, [...args, 'pack', '--pack-destination', out], { cwd: packageDir });
    } catch (error) {
      const output = (error as { stdout?: string; stderr?: string }).stdout ?? '';
      problems.push(`pnpm pack failed: ${output.trim() || String(error)}`);
      return;
    }
    const tarball = readdirSync(out).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) {
      problems.push('pnpm pack made no tarball');
      return;
    }
    const { stdout } = await run('tar', ['-tzf', join(out, tarball)]);
    const files = stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.replace(/^package\//, ''));
    const inTarball = new Set(files);
    for (const file of files) {
      const top = file.split('/')[0] ?? '';
      if (file.includes('/') ? top !== 'dist' && top !== 'src' : !allowedTopLevel.has(file)) {
        problems.push(`tarball has an unexpected file: ${file}`);
      }
      if (/(^|\/)test-|\.test(-d)?\.ts$/.test(file)) problems.push(`tarball ships a test file: ${file}`);
    }
    for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/cjs/package.json']) {
      if (!inTarball.has(file)) problems.push(`tarball lacks ${file}`);
    }
    for (const target of targets(manifest)) {
      if (!inTarball.has(target)) problems.push(`tarball lacks ${target}, named in package.json`);
    }
    for (const file of files) {
      if (!file.startsWith('dist/')) continue;
      const needsMap = file.endsWith('.js') || file.endsWith('.d.ts');
      if (needsMap && !inTarball.has(`${file}.map`)) problems.push(`tarball lacks ${file}.map`);
      const js = file.replace(/^dist\/(esm|cjs)\//, 'src/').replace(/\.(js|d\.ts)$/, '.ts');
      if (needsMap && !inTarball.has(js)) problems.push(`${file} maps to ${js}, which the tarball lacks`);
    }
    const { stdout: packed } = await run('tar', ['-xzOf', join(out, tarball), 'package/package.json']);
    if (packed.includes('workspace:')) problems.push('the packed package.json still has a workspace: range');
    // Maps point at the shipped src/; embedded sources would ship it twice.
    const aMap = files.find((file) => file.startsWith('dist/esm/') && file.endsWith('.js.map'));
    if (aMap !== undefined && readFileSync(join(packageDir, aMap), 'utf8').includes('"sourcesContent"')) {
      problems.push(`${aMap} embeds its sources`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (fix) for (const { dir, manifest } of published) fixPackage(dir, manifest);

const results = await Promise.all(
  published.map(async ({ dir }) => {
    const manifest = readJson(join(root, 'packages', dir, 'package.json'));
    const problems: string[] = [];
    checkManifest(dir, manifest, problems);
    await checkTarball(dir, manifest, problems);
    return { name: manifest.name, problems };
  }),
);
let failed = false;
for (const { name, problems } of results) {
  failed ||= problems.length > 0;
  console.log(
    problems.length === 0 ? `ok   ${name}` : `FAIL ${name}\n${problems.map((p) => `       ${p}`).join('\n')}`,
  );
}
if (failed) {
  console.error('check-packages: fix the problems above: `node --import tsx scripts/check-packages.ts --fix` brings');
  console.error(
    'a package to the shared shape (CONTRIBUTING.md "Adding a package"), then `pnpm install` and `pnpm build`',
  );
  process.exit(1);
}
