// @ts-check
/**
 * API reference, one page per package entry point: `pnpm docs` writes it to docs/api. The entry points come
 * from every non-private package's `exports`, so a new package is documented without editing this file.
 * Warnings fail the build; `pnpm docs:check` (in `pnpm test`) validates without writing.
 */
import { siphonEntryPoints } from './scripts/typedoc/package-pages.mjs';

const entryPoints = siphonEntryPoints();

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: 'Siphon',
  entryPoints: [...entryPoints.keys()],
  entryPointStrategy: 'resolve',
  tsconfig: 'tsconfig.json',
  out: 'docs/api',
  plugin: ['./scripts/typedoc/package-pages.mjs'],
  router: 'package',
  theme: 'package',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
  treatWarningsAsErrors: true,
  // The plugin checks instead that every export has TSDoc; members are not required (22 lack it, mostly
  // iterator and listener protocol methods).
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: false },
};

export default config;
