import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { AT_MOST_ONE, Stage } from '../internal/stage.js';
import { assertFunction } from '../internal/validate.js';

/**
 * Emits a running accumulation: for each chunk, `accumulate(previous, chunk, index)`. Without a `seed`,
 * the first chunk is the first accumulated value and is emitted as is.
 *
 * @example
 * ```ts
 * collect([1, 2, 3], scan((sum, n) => sum + n, 0)); // [1, 3, 6]
 * collect([1, 2, 3], scan((max: number, n: number) => Math.max(max, n))); // [1, 2, 3]
 * ```
 */
export function scan<In, Acc>(accumulate: (acc: Acc, value: In, index: number) => Acc, seed: Acc): Filter<In, Acc>;
export function scan<In>(accumulate: (acc: In, value: In, index: number) => In): Filter<In, In>;
export function scan<In, Acc>(
  accumulate: (acc: Acc, value: In, index: number) => Acc,
  ...seed: [Acc] | []
): Filter<In, Acc> {
  assertFunction(accumulate, 'scan()', 'accumulate');
  const seeded = seed.length > 0;
  return filterOf({
    kind: 'sync',
    name: 'scan',
    create: () => {
      let started = seeded;
      let acc = seed[0] as Acc;
      return new Stage((value, index) => {
        if (!started) {
          started = true;
          return (acc = value as unknown as Acc);
        }
        return (acc = accumulate(acc, value as In, index));
      }, AT_MOST_ONE);
    },
  });
}
