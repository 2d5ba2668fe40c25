import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { SKIP, AT_MOST_ONE, Stage } from '../internal/stage.js';
import { assertFunction } from '../internal/validate.js';

/**
 * Keeps the chunks for which `predicate` returns a truthy value. A type-guard predicate narrows the
 * output type.
 *
 * @example
 * ```ts
 * collect([1, 2, 3, 4], filter((n) => n % 2 === 0)); // [2, 4]
 * const strings = filter((x: string | number): x is string => typeof x === 'string'); // Filter<string | number, string>
 * ```
 */
export function filter<In, Out extends In>(predicate: (value: In, index: number) => value is Out): Filter<In, Out>;
export function filter<In>(predicate: (value: In, index: number) => unknown): Filter<In, In>;
export function filter<In>(predicate: (value: In, index: number) => unknown): Filter<In, In> {
  assertFunction(predicate, 'filter()', 'predicate');
  // One step for every run, as it keeps no state: a step made per run is a new closure each time, so V8
  // checks the closure and loads `predicate` from its context at every call (measured on collect of
  // map → filter → map: 264 → 251 M instructions per run over 1,000,000 strings, 27.2 → 25.4 ms alone).
  const step = (value: unknown, index: number): unknown => (predicate(value as In, index) ? value : SKIP);
  return filterOf({
    kind: 'sync',
    name: 'filter',
    create: () => new Stage(step, AT_MOST_ONE),
  });
}
