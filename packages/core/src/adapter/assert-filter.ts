import type { Filter } from '../filter.js';
import { specsOf } from '../internal/recipe.js';

/**
 * Throws the `TypeError` every Siphon function throws for a value that is not a filter, naming `caller`
 * (and hinting at a factory passed uncalled, `lines` for `lines()`), so an adapter can check its input
 * up front with the same words as the core.
 *
 * @example
 * ```ts
 * export function toThing<In, Out>(filter: Filter<In, Out>): Thing<In, Out> {
 *   assertFilter(filter, 'toThing()');
 *   return new Thing(filter);
 * }
 * ```
 */
export function assertFilter(value: unknown, caller: string): asserts value is Filter<any, any> {
  specsOf(value, caller);
}
