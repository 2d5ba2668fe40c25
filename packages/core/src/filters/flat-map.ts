import type { Filter } from '../filter.js';
import { describeValue } from '../internal/describe.js';
import { filterOf } from '../internal/recipe.js';
import { outputs, Stage } from '../internal/stage.js';
import { assertFunction } from '../internal/validate.js';

/**
 * Maps each chunk to an iterable of outputs (an array, a `Set`, a generator…) and emits them in order.
 *
 * @example
 * ```ts
 * collect(['a b', 'c'], flatMap((s) => s.split(' '))); // ['a', 'b', 'c']
 * ```
 */
export function flatMap<In, Out>(project: (value: In, index: number) => Iterable<Out>): Filter<In, Out> {
  assertFunction(project, 'flatMap()', 'project');
  // One step for every run, as it keeps no state (see `filter`).
  const step = (value: unknown, index: number): unknown => {
    const result = project(value as In, index);
    if (Array.isArray(result)) return outputs(result);
    if (typeof (result as Partial<Iterable<Out>> | null)?.[Symbol.iterator] !== 'function') {
      throw new TypeError(`project must return an iterable, got ${describeValue(result)}`);
    }
    return outputs(Array.from(result));
  };
  return filterOf({
    kind: 'sync',
    name: 'flatMap',
    create: () => new Stage(step),
  });
}
