// What this package takes from `@siphon/core`, imported here once: a bundler such as esbuild keeps one
// import statement per module that imports a package, so each module importing core itself would add
// ~50 bytes to a user's bundle (0.1 KB for the three here, measured with scripts/check-size.ts).
export { defineFilter, FilterError, pipe } from '@siphon/core';
export { booleanOption, countOption, defineAsyncStage, describeValue, readOptions } from '@siphon/core/adapter';
