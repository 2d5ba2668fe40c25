import type { ConsumptionAware } from '@siphon/core/adapter';
import { consumption } from './core.js';
import type { RedisStreamClient } from '../client.js';
import type { RedisStreamEntry } from '../entry.js';
import type { StreamOptions } from './options.js';
import { DONE, streamReader, type StreamReader } from './reader.js';

/** Abandons the run of an iterator collected without being closed: its connection goes, its entries stay pending. */
const abandoned = new FinalizationRegistry<StreamReader>((reader) => reader.abandon());

/**
 * The batches of entries `fromRedisStream` wraps in `fromBatches`: every iteration is a run of its own.
 * The iterator a host holds holds its run's reader, never the other way round, so dropping it lets it be
 * collected even while the reader's connection is open.
 */
export function streamReads(
  client: RedisStreamClient,
  options: StreamOptions,
): AsyncIterable<readonly RedisStreamEntry[]> {
  return {
    [Symbol.asyncIterator]() {
      const reader = streamReader(client, options);
      const batches: AsyncIterator<readonly RedisStreamEntry[], undefined> & ConsumptionAware = {
        next: reader.next,
        async return() {
          abandoned.unregister(reader);
          await reader.close();
          return DONE;
        },
        [consumption]: reader.consumed,
      };
      abandoned.register(batches, reader, reader);
      return batches;
    },
  };
}
