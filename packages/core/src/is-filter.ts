import type { Filter } from './filter.js';
import { isRunnable } from './internal/recipe.js';

/**
 * True when `value` is a Siphon filter: one made by a built-in, `defineFilter` or `pipe`. Adapters use it
 * to reject bad input with their own name in the message.
 *
 * Filters are recognised by a brand every copy of `@siphon/core` shares, not by `instanceof`: a filter
 * made by another copy in the same program (the CommonJS build next to the ESM one, another version in
 * `node_modules`) is a filter here too, as long as both speak the same filter protocol. One of another
 * protocol is not (`false`); the hosts and `pipe` refuse it with a `TypeError` that says so.
 *
 * @example
 * ```ts
 * isFilter(lines()); // true
 * isFilter(lines); // false: the factory, not a filter
 * ```
 */
// `any`, not `unknown`: narrowing a `Filter<In, Out>` must leave it a `Filter<In, Out>`.
export function isFilter(value: unknown): value is Filter<any, any> {
  return isRunnable(value);
}
