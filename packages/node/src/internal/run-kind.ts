import { isFilter, type Filter } from '@siphon/core';
import { describeValue } from './describe.js';

/** Throws a `TypeError` naming `caller` for a value that is not a Siphon filter. */
export function assertFilter(filter: unknown, caller: string): asserts filter is Filter<unknown, unknown> {
  if (!isFilter(filter)) {
    throw new TypeError(`${caller}: filter is not a Siphon filter, got ${describeValue(filter)}`);
  }
}
