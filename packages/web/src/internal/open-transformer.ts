import { isFilter, isSyncFilter, pullBatches, start, type Filter } from '@siphon/core';
import { AsyncTransformer } from './async-transformer.js';
import { describeValue } from './describe.js';
import { Feed } from './feed.js';
import { SyncTransformer } from './sync-transformer.js';
import type { RunTransformer } from './run-transformer.js';

/**
 * Starts one run of `filter` as a transformer: the synchronous stepper when every stage is synchronous,
 * else the async host over a {@link Feed}.
 */
export function openTransformer<In, Out>(filter: Filter<In, Out>, caller: string): RunTransformer<In, Out> {
  if (!isFilter(filter)) {
    throw new TypeError(`${caller}: filter is not a Siphon filter, got ${describeValue(filter)}`);
  }
  if (isSyncFilter(filter)) return new SyncTransformer(start(filter));
  const feed = new Feed<In>();
  return new AsyncTransformer(feed, pullBatches(feed, filter));
}
