// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Test files and test helpers: they may use Node (tests run on Node) and reach into internals. */
const tests = ['**/*.test.ts', '**/*.test-d.ts', '**/test-*.ts'];

/** Node's modules, with and without the `node:` prefix. */
const nodeModules = { group: ['node:*', ...builtinModules.filter((name) => !name.startsWith('_'))] };
const noNode = {
  message: 'core and web run in browsers, Deno and Bun: no Node built-ins (CONTRIBUTING.md).',
  ...nodeModules,
};
/** Adapters use core only through its public entries. */
const coreInternals = {
  group: ['@siphon/core/*', '!@siphon/core/adapter', '**/core/src/**', '**/core/dist/**'],
  message: 'adapters import only @siphon/core and @siphon/core/adapter (CONTRIBUTING.md "Writing an adapter").',
};
/** Globals a browser does not have. */
const nodeGlobals = ['process', 'Buffer', 'global', '__dirname', '__filename', 'require', 'module', 'exports']
  .concat(['setImmediate', 'clearImmediate'])
  .map((name) => ({ name, message: 'core and web run in browsers, Deno and Bun: no Node globals.' }));

export default tseslint.config(
  { ignores: ['**/dist/', '**/node_modules/', 'docs/api/', 'coverage/', '.readme-check/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        // The README prelude declares globals for the examples only; it stays out of tsconfig.json.
        projectService: { allowDefaultProject: ['scripts/readme-prelude.d.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits loses its error (an unhandled rejection) and its ordering.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `any` stands only where variance needs it: `Filter<any, any>` bounds in `pipe`, listener signatures.
      '@typescript-eslint/no-explicit-any': 'off',
      // An options interface that extends another names a stable type of its own in the API reference.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // An object literal with getters (a stream controller) that reads its owner needs the owner by name.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['pair'] }],
    },
  },
  // Tests check bytes and control characters.
  { files: tests, rules: { 'no-control-regex': 'off' } },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': ['error', { patterns: [noNode] }],
      'no-restricted-globals': ['error', ...nodeGlobals],
    },
  },
  {
    files: ['packages/web/src/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': ['error', { patterns: [noNode, coreInternals] }],
      'no-restricted-globals': ['error', ...nodeGlobals],
    },
  },
  {
    // Every other package builds on core as its users do (new adapters are covered as they are added).
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/core/**', 'packages/web/**', 'packages/naive/**', ...tests],
    rules: { 'no-restricted-imports': ['error', { patterns: [coreInternals] }] },
  },
);
