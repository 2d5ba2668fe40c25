import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { SKIP, AT_MOST_ONE, Stage } from '../internal/stage.js';
import { assertFunction } from '../internal/validate.js';

/**
 * Skips chunks while `predicate` holds; from the first chunk that fails it on, emits everything.
 *
 * @example
 * ```ts
 * collect(['', '', 'a', '', 'b'], dropWhile((line) => line === '')); // ['a', '', 'b']
 * ```
 */
export function dropWhile<T>(predicate: (value: T, index: number) => unknown): Filter<T, T> {
  assertFunction(predicate, 'dropWhile()', 'predicate');
  return filterOf({
    kind: 'sync',
    name: 'dropWhile',
    create: () => {
      let dropping = true;
      return new Stage((value, index) => {
        if (dropping && predicate(value as T, index)) return SKIP;
        dropping = false;
        return value;
      }, AT_MOST_ONE);
    },
  });
}
