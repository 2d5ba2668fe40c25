import type { Filter } from './filter.js';
import { specsOf } from './internal/recipe.js';

/**
 * True when every stage of `filter` runs synchronously, so `start` and `pull` over an `Iterable` can run
 * it; false when it has an asynchronous stage (`mapAsync`), which only the async hosts run. Throws a
 * `TypeError` for a value that is not a filter.
 *
 * @example
 * ```ts
 * isSyncFilter(pipe(lines(), map(parse))); // true
 * isSyncFilter(pipe(lines(), mapAsync(save))); // false: run it with pull over an AsyncIterable
 * ```
 */
export function isSyncFilter<In, Out>(filter: Filter<In, Out>): boolean {
  return specsOf(filter, 'isSyncFilter()').every((spec) => spec.kind === 'sync');
}
