import type { Filter } from '../filter.js';
import { asyncCore } from '../internal/async-core.js';
import { AsyncBatches } from '../internal/async-iterators.js';
import { specsOf } from '../internal/recipe.js';
import { takeOverPush } from '../internal/push/take-over.js';
import { assertSource } from '../internal/source.js';
import type { AsyncPullIterator } from './pull-iterator.js';

/**
 * Like `pull` for async sources, but hands out outputs in arrays: one promise per batch instead of one
 * per output. A batch holds what the pipeline produced from one source batch (see `fromBatches`,
 * `fromPush`), or from one chunk of a plain async iterable. Batches are never empty.
 *
 * @example
 * ```ts
 * for await (const lineBatch of pullBatches(fromEvent(socket, 'data'), pipe(decodeText(), lines()))) {
 *   await db.insertMany(lineBatch);
 * }
 * ```
 */
export function pullBatches<In, Out>(
  source: AsyncIterable<In> | Iterable<In>,
  filter: Filter<In, Out>,
): AsyncPullIterator<readonly Out[]> {
  assertSource(source, 'pullBatches()');
  const specs = specsOf(filter, 'pullBatches()');
  return (
    (takeOverPush(source, specs, true) as AsyncPullIterator<readonly Out[]> | undefined) ??
    new AsyncBatches<Out>(asyncCore(source, specs))
  );
}
