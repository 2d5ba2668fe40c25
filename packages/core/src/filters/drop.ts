import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { SKIP, AT_MOST_ONE, Stage } from '../internal/stage.js';
import { assertCount } from '../internal/validate.js';

/**
 * Skips the first `count` chunks and emits the rest.
 *
 * @example
 * ```ts
 * collect(['header', 'a', 'b'], drop(1)); // ['a', 'b']
 * ```
 */
export function drop<T>(count: number): Filter<T, T> {
  assertCount(count, 'drop()', 'count', 0);
  return filterOf({
    kind: 'sync',
    name: 'drop',
    create: () => {
      let left = count;
      return new Stage((value) => (left > 0 ? (left--, SKIP) : value), AT_MOST_ONE);
    },
  });
}
