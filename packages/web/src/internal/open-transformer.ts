import { pullBatches, start, type Filter, type Stepper } from '@siphon/core';
import { AsyncTransformer } from './async-transformer.js';
import { describeValue } from './describe.js';
import { Feed } from './feed.js';
import { SyncTransformer } from './sync-transformer.js';
import type { RunTransformer } from './run-transformer.js';

/**
 * Starts one run of `filter` as a transformer: the synchronous stepper when every stage is synchronous,
 * else the async host over a {@link Feed}. Only the public API of `@siphon/core` is used, so the choice is
 * made the way a user would make it: `start()` refuses pipelines with async stages with a `TypeError`.
 */
export function openTransformer<In, Out>(filter: Filter<In, Out>, caller: string): RunTransformer<In, Out> {
  let stepper: Stepper<In, Out>;
  try {
    stepper = start(filter);
  } catch (error) {
    // A stage's init failing is a FilterError; only "not a filter" and "has async stages" are TypeErrors.
    if (!(error instanceof TypeError)) throw error;
    const feed = new Feed<In>();
    let run: AsyncIterableIterator<readonly Out[]> & AsyncDisposable;
    try {
      run = pullBatches(feed, filter);
    } catch {
      throw new TypeError(`${caller}: filter is not a Siphon filter, got ${describeValue(filter)}`, { cause: error });
    }
    return new AsyncTransformer(feed, run);
  }
  return new SyncTransformer(stepper);
}
