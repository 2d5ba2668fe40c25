import { consumption, type ConsumptionAware } from '@siphon/core/adapter';
import type { RedisStreamClient } from '../client.js';
import type { RedisStreamEntry } from '../entry.js';
import type { StreamOptions } from './options.js';
import { StreamReader } from './reader.js';

/** Abandons the run of an iterator collected without being closed: its connection goes, its entries stay pending. */
const abandoned = new FinalizationRegistry<StreamReader>((reader) => reader.abandon());

/**
 * The iterator a host holds: it holds its run's reader, never the other way round, so dropping it lets
 * it be collected even while the reader's connection is open.
 */
class StreamBatches implements AsyncIterator<readonly RedisStreamEntry[], undefined>, ConsumptionAware {
  constructor(private readonly reader: StreamReader) {
    abandoned.register(this, reader, reader);
  }

  next(): Promise<IteratorResult<readonly RedisStreamEntry[], undefined>> {
    return this.reader.next();
  }

  async return(): Promise<IteratorResult<readonly RedisStreamEntry[], undefined>> {
    abandoned.unregister(this.reader);
    await this.reader.close();
    return { value: undefined, done: true };
  }

  [consumption](count: number): void {
    this.reader.consumed(count);
  }
}

/** The batches of entries `fromRedisStream` wraps in `fromBatches`: every iteration is a run of its own. */
export function streamReads(
  client: RedisStreamClient,
  options: StreamOptions,
): AsyncIterable<readonly RedisStreamEntry[]> {
  return { [Symbol.asyncIterator]: () => new StreamBatches(new StreamReader(client, options)) };
}
