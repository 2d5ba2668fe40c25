import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { assertFunction, countOption, readOptions } from '../internal/validate.js';

/** Options for {@link mapAsync}. */
export interface MapAsyncOptions {
  /**
   * How many calls of `project` may be in flight at once. Outputs keep the input order whatever it is: a
   * result that is ready early waits for the ones before it and still counts toward this limit, so what
   * the filter holds stays bounded.
   * @default 1
   */
  readonly concurrency?: number;
}

/**
 * Transforms each chunk with an async function, with up to `concurrency` calls in flight, emitting the
 * results in input order. It runs only on async hosts: `pull` over an `AsyncIterable`, `pullBatches`,
 * async `collect`, and the stream adapters. A sync host throws a `TypeError` naming it.
 *
 * @example
 * ```ts
 * const users = pull(idStream, mapAsync((id: string) => fetchUser(id), { concurrency: 8 }));
 * ```
 */
export function mapAsync<In, Out>(
  project: (value: In, index: number) => Out | PromiseLike<Out>,
  options?: MapAsyncOptions,
): Filter<In, Out> {
  assertFunction(project, 'mapAsync()', 'project');
  const concurrency = countOption(readOptions(options, 'mapAsync()'), 'concurrency', 'mapAsync()', 1, true) ?? 1;
  return filterOf({
    kind: 'async',
    name: 'mapAsync',
    concurrency,
    open: () => ({ call: project as (value: unknown, index: number) => unknown }),
  });
}
