// What this package takes from `@siphon/core`, imported here once: a bundler such as esbuild keeps one
// import statement per module that imports a package, so each module importing core itself would add
// ~50 bytes to a user's bundle (measured with scripts/check-size.ts). `defineAsyncStage` is not here:
// only `toRedisStream` uses it, and a bundle keeps every name this module imports.
export { fromBatches } from '@siphon/core';
export { booleanOption, consumption, countOption, describeValue, readOptions } from '@siphon/core/adapter';
