import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { AT_MOST_ONE, Stage } from '../internal/stage.js';
import { assertFunction } from '../internal/validate.js';

/**
 * Calls `effect` with each chunk and passes the chunk on unchanged: for logging and metrics. Keep the
 * effect free of references to the consumer, or a long-lived holder of the pipeline holds it too.
 *
 * @example
 * ```ts
 * let seen = 0;
 * collect(['a', 'b'], tap(() => seen++)); // ['a', 'b'], and seen === 2
 * ```
 */
export function tap<T>(effect: (value: T, index: number) => void): Filter<T, T> {
  assertFunction(effect, 'tap()', 'effect');
  // One step for every run, as it keeps no state (see `filter`).
  const step = (value: unknown, index: number): unknown => {
    effect(value as T, index);
    return value;
  };
  return filterOf({
    kind: 'sync',
    name: 'tap',
    create: () => new Stage(step, AT_MOST_ONE),
  });
}
