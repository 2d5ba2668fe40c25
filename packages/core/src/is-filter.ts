import type { Filter } from './filter.js';
import { Recipe } from './internal/recipe.js';

/**
 * True when `value` is a Siphon filter: one made by a built-in, `defineFilter` or `pipe`. Adapters use it
 * to reject bad input with their own name in the message.
 *
 * @example
 * ```ts
 * isFilter(lines()); // true
 * isFilter(lines); // false: the factory, not a filter
 * ```
 */
// `any`, not `unknown`: narrowing a `Filter<In, Out>` must leave it a `Filter<In, Out>`.
export function isFilter(value: unknown): value is Filter<any, any> {
  return value instanceof Recipe;
}
