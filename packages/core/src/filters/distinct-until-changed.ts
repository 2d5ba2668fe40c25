import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { SKIP, AT_MOST_ONE, Stage } from '../internal/stage.js';
import { assertFunction } from '../internal/validate.js';

/**
 * Drops each chunk equal to the one just before it. Equality is `Object.is` unless `equals` is given.
 *
 * @example
 * ```ts
 * collect([1, 1, 2, 2, 1], distinctUntilChanged()); // [1, 2, 1]
 * ```
 */
export function distinctUntilChanged<T>(equals: (previous: T, current: T) => boolean = Object.is): Filter<T, T> {
  assertFunction(equals, 'distinctUntilChanged()', 'equals');
  return filterOf({
    kind: 'sync',
    name: 'distinctUntilChanged',
    create: () => {
      let first = true;
      let previous: T;
      return new Stage((value) => {
        if (!first && equals(previous, value as T)) return SKIP;
        first = false;
        previous = value as T;
        return value;
      }, AT_MOST_ONE);
    },
  });
}
