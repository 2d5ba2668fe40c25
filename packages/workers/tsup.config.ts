import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    // The CJS build finds the worker entry beside itself through `import.meta.url`.
    shims: true,
  },
  {
    // The module each worker thread loads: ESM only, and never an export of the package.
    entry: ['src/worker-entry.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
  },
]);
