import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/adapter.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Both entries share one copy of the run-time classes in CommonJS too (ES builds always split): else
  // `adapter.cjs` had its own `Recipe`, and `pipe()` from `index.cjs` rejected a `defineAsyncStage` filter.
  splitting: true,
});
