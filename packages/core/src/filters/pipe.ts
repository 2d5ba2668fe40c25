import type { Filter, InputOf, OutputOf } from '../filter.js';
import { Recipe, specsOf } from '../internal/recipe.js';
import type { StageSpec } from '../internal/stage.js';

/**
 * Checks a tuple of filters stage by stage: each filter must accept what the one before it produces.
 * A mismatching position becomes the filter type it should have been, so the compiler's message shows what
 * that stage should accept.
 */
export type PipeChain<Filters extends readonly unknown[], Previous = never> = Filters extends readonly [
  infer First,
  ...infer Rest,
]
  ? [
      [Previous] extends [never]
        ? First
        : [Previous] extends [InputOf<First>]
          ? First
          : Filter<Previous, OutputOf<First>>,
      ...PipeChain<Rest, OutputOf<First>>,
    ]
  : [];

type LastOf<Filters extends readonly unknown[]> = Filters extends readonly [...unknown[], infer Last] ? Last : never;

/**
 * Composes filters left to right into one filter. When the pipeline runs, each chunk passes through
 * every stage in a single loop, and each run gets fresh state for every stage.
 *
 * Types flow from stage to stage, so callbacks need no annotations after the first stage, and a stage
 * that does not accept the previous stage's output is a type error. Up to 12 stages give their callbacks
 * contextual types; longer pipelines are still checked stage by stage, with callbacks annotated.
 *
 * @example
 * ```ts
 * const wordCounts = pipe(
 *   decodeText(),
 *   lines(),
 *   map((line) => line.split(' ').length),
 * ); // Filter<Bytes, number>
 * ```
 */
export function pipe<T0, T1>(f1: Filter<T0, T1>): Filter<T0, T1>;
export function pipe<T0, T1, T2>(f1: Filter<T0, T1>, f2: Filter<T1, T2>): Filter<T0, T2>;
export function pipe<T0, T1, T2, T3>(f1: Filter<T0, T1>, f2: Filter<T1, T2>, f3: Filter<T2, T3>): Filter<T0, T3>;
export function pipe<T0, T1, T2, T3, T4>(
  f1: Filter<T0, T1>,
  f2: Filter<T1, T2>,
  f3: Filter<T2, T3>,
  f4: Filter<T3, T4>,
): Filter<T0, T4>;
export function pipe<T0, T1, T2, T3, T4, T5>(
  f1: Filter<T0, T1>,
  f2: Filter<T1, T2>,
  f3: Filter<T2, T3>,
  f4: Filter<T3, T4>,
  f5: Filter<T4, T5>,
): Filter<T0, T5>;
export function pipe<T0, T1, T2, T3, T4, T5, T6>(
  f1: Filter<T0, T1>,
  f2: Filter<T1, T2>,
  f3: Filter<T2, T3>,
  f4: Filter<T3, T4>,
  f5: Filter<T4, T5>,
  f6: Filter<T5, T6>,
): Filter<T0, T6>;
export function pipe<T0, T1, T2, T3, T4, T5, T6, T7>(
  f1: Filter<T0, T1>,
  f2: Filter<T1, T2>,
  f3: Filter<T2, T3>,
  f4: Filter<T3, T4>,
  f5: Filter<T4, T5>,
  f6: Filter<T5, T6>,
  f7: Filter<T6, T7>,
): Filter<T0, T7>;
export function pipe<T0, T1, T2, T3, T4, T5, T6, T7, T8>(
  f1: Filter<T0, T1>,
  f2: Filter<T1, T2>,
  f3: Filter<T2, T3>,
  f4: Filter<T3, T4>,
  f5: Filter<T4, T5>,
  f6: Filter<T5, T6>,
  f7: Filter<T6, T7>,
  f8: Filter<T7, T8>,
): Filter<T0, T8>;
export function pipe<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9>(
  f1: Filter<T0, T1>,
  f2: Filter<T1, T2>,
  f3: Filter<T2, T3>,
  f4: Filter<T3, T4>,
  f5: Filter<T4, T5>,
  f6: Filter<T5, T6>,
  f7: Filter<T6, T7>,
  f8: Filter<T7, T8>,
  f9: Filter<T8, T9>,
): Filter<T0, T9>;
export function pipe<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(
  f1: Filter<T0, T1>,
  f2: Filter<T1, T2>,
  f3: Filter<T2, T3>,
  f4: Filter<T3, T4>,
  f5: Filter<T4, T5>,
  f6: Filter<T5, T6>,
  f7: Filter<T6, T7>,
  f8: Filter<T7, T8>,
  f9: Filter<T8, T9>,
  f10: Filter<T9, T10>,
): Filter<T0, T10>;
export function pipe<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>(
  f1: Filter<T0, T1>,
  f2: Filter<T1, T2>,
  f3: Filter<T2, T3>,
  f4: Filter<T3, T4>,
  f5: Filter<T4, T5>,
  f6: Filter<T5, T6>,
  f7: Filter<T6, T7>,
  f8: Filter<T7, T8>,
  f9: Filter<T8, T9>,
  f10: Filter<T9, T10>,
  f11: Filter<T10, T11>,
): Filter<T0, T11>;
export function pipe<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>(
  f1: Filter<T0, T1>,
  f2: Filter<T1, T2>,
  f3: Filter<T2, T3>,
  f4: Filter<T3, T4>,
  f5: Filter<T4, T5>,
  f6: Filter<T5, T6>,
  f7: Filter<T6, T7>,
  f8: Filter<T7, T8>,
  f9: Filter<T8, T9>,
  f10: Filter<T9, T10>,
  f11: Filter<T10, T11>,
  f12: Filter<T11, T12>,
): Filter<T0, T12>;
export function pipe<const Filters extends readonly [Filter<any, any>, ...Filter<any, any>[]]>(
  ...filters: Filters & PipeChain<Filters>
): Filter<InputOf<Filters[0]>, OutputOf<LastOf<Filters>>>;
export function pipe(...filters: readonly unknown[]): Filter<unknown, unknown> {
  if (filters.length === 0) throw new TypeError('pipe(): needs at least one filter');
  const specs: StageSpec[] = [];
  filters.forEach((filter, index) => specs.push(...specsOf(filter, 'pipe()', `argument ${index + 1}`)));
  if (filters.length === 1) return filters[0] as Filter<unknown, unknown>;
  const names = filters.map((filter) => (filter as Filter<unknown, unknown>).name);
  return new Recipe(`pipe(${names.join(', ')})`, specs) as unknown as Filter<unknown, unknown>;
}
