import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { Final, SKIP, Stage } from '../internal/stage.js';
import { assertFunction, booleanOption, readOptions } from '../internal/validate.js';

/** Options for {@link takeWhile}. */
export interface TakeWhileOptions {
  /**
   * Also emit the first chunk that fails the predicate.
   * @default false
   */
  readonly inclusive?: boolean;
}

/**
 * Emits chunks while `predicate` holds, then ends the run at the first chunk that fails it (closing
 * the source).
 *
 * @example
 * ```ts
 * collect(['a', 'b', '', 'c'], takeWhile((line) => line !== '')); // ['a', 'b']: the header block
 * ```
 */
export function takeWhile<In, Out extends In>(
  predicate: (value: In, index: number) => value is Out,
  options?: TakeWhileOptions & { readonly inclusive?: false },
): Filter<In, Out>;
export function takeWhile<In>(
  predicate: (value: In, index: number) => unknown,
  options?: TakeWhileOptions,
): Filter<In, In>;
export function takeWhile<In>(
  predicate: (value: In, index: number) => unknown,
  options?: TakeWhileOptions,
): Filter<In, In> {
  assertFunction(predicate, 'takeWhile()', 'predicate');
  const inclusive = booleanOption(readOptions(options, 'takeWhile()'), 'inclusive', 'takeWhile()') ?? false;
  return filterOf({
    kind: 'sync',
    name: 'takeWhile',
    create: () =>
      new Stage((value, index) => (predicate(value as In, index) ? value : new Final(inclusive ? value : SKIP))),
  });
}
