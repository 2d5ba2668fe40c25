import type { Filter } from '../filter.js';
import { asyncCore } from '../internal/async-core.js';
import { drainAsync } from '../internal/async-iterators.js';
import { specsOf } from '../internal/recipe.js';
import { assertSource, isSyncSource, syncSpecs } from '../internal/source.js';
import { SyncRun } from '../internal/sync-run.js';

/**
 * Runs `filter` over the whole `source` and returns every output: an array for an `Iterable` source, a
 * promise of one for an `AsyncIterable` source.
 *
 * @example
 * ```ts
 * collect(['a\r\nb', '\r\n'], lines()); // ['a', 'b']
 * await collect(fromBatches(chunks), pipe(decodeText(), lines())); // every line
 * ```
 */
export function collect<In, Out>(source: Iterable<In>, filter: Filter<In, Out>): Out[];
export function collect<In, Out>(source: AsyncIterable<In>, filter: Filter<In, Out>): Promise<Out[]>;
export function collect<In, Out>(
  source: Iterable<In> | AsyncIterable<In>,
  filter: Filter<In, Out>,
): Out[] | Promise<Out[]>;
export function collect(
  source: Iterable<unknown> | AsyncIterable<unknown>,
  filter: Filter<unknown, unknown>,
): unknown[] | Promise<unknown[]> {
  assertSource(source, 'collect()');
  const specs = specsOf(filter, 'collect()');
  if (isSyncSource(source)) return new SyncRun(source, syncSpecs(specs, 'collect()')).drainInto([]);
  return drainAsync(asyncCore(source, specs));
}
