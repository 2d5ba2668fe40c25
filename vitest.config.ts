import { defineConfig } from 'vitest/config';

// Tests run against each package's `src` (the `@siphon/source` export condition), never a stale `dist`.
const conditions = ['@siphon/source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@siphon/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/{src,test}/**/*.test.ts', 'bench/**/*.test.ts'],
    pool: 'forks',
    // Leak tests force garbage collection.
    execArgv: ['--expose-gc'],
    testTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
