import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { Final, Stage, type StageHooks } from '../internal/stage.js';
import { assertCount } from '../internal/validate.js';

/** `take(0)`'s hooks: one object for every run. */
const NEEDS_NO_INPUT: StageHooks = Object.freeze({ finishedAtStart: true });

/**
 * Emits the first `count` chunks, then ends the run: the source is closed at once and nothing more is
 * read from it. `take(0)` reads nothing at all.
 *
 * @example
 * ```ts
 * collect(naturals(), take(3)); // [0, 1, 2] from an endless generator
 * ```
 */
export function take<T>(count: number): Filter<T, T> {
  assertCount(count, 'take()', 'count', 0, true);
  return filterOf({
    kind: 'sync',
    name: 'take',
    create: () => {
      let left = count;
      return new Stage((value) => (--left > 0 ? value : new Final(value)), count === 0 ? NEEDS_NO_INPUT : undefined);
    },
  });
}
