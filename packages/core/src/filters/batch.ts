import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { SKIP, Stage } from '../internal/stage.js';
import { assertCount } from '../internal/validate.js';

/**
 * Groups chunks into arrays of `size`; the last array, emitted when the input ends, may be shorter.
 *
 * @example
 * ```ts
 * collect([1, 2, 3, 4, 5], batch(2)); // [[1, 2], [3, 4], [5]]
 * ```
 */
export function batch<T>(size: number): Filter<T, T[]> {
  assertCount(size, 'batch()', 'size', 1);
  return filterOf({
    kind: 'sync',
    name: 'batch',
    create: () => {
      let current: unknown[] = [];
      return new Stage(
        (value) => {
          current.push(value);
          if (current.length < size) return SKIP;
          const full = current;
          current = [];
          return full;
        },
        {
          end: () => (current.length === 0 ? undefined : [current]),
          cleanup: () => {
            current = [];
          },
          atMostOne: true,
          holding: () => current.length > 0,
        },
      );
    },
  });
}
