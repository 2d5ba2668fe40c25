import { consumption, type ConsumptionAware } from '../adapter/consumption.js';
import { kBatches, type BatchSource } from '../internal/batch-protocol.js';
import { describeValue } from '../internal/describe.js';

/** A source whose chunks arrive in arrays; Siphon's async hosts take each array in one step. */
export interface BatchedSource<T> extends AsyncIterable<T>, BatchSource<T> {}

/**
 * Marks a source of arrays as batches of chunks. `pull`, `pullBatches` and `collect` then cross the
 * async boundary once per array instead of once per chunk, which is most of the cost of an async pipeline.
 * Iterated directly (by code that does not know Siphon), it yields the chunks one by one.
 *
 * @example
 * ```ts
 * // One await per read() rather than per record:
 * async function* reads() { for (;;) { const records = await db.readMany(100); if (!records.length) return; yield records; } }
 * for await (const row of pull(fromBatches(reads()), map(toRow))) save(row);
 *
 * // Run an async filter over an array you already have:
 * await collect(fromBatches([urls]), mapAsync(fetchTitle, { concurrency: 4 }));
 * ```
 */
export function fromBatches<T>(source: AsyncIterable<readonly T[]> | Iterable<readonly T[]>): BatchedSource<T> {
  const ok =
    source !== null &&
    typeof source === 'object' &&
    (typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function' ||
      typeof (source as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function');
  if (!ok) {
    throw new TypeError(`fromBatches(): source must be an iterable of arrays, got ${describeValue(source)}`);
  }
  return new Batches(source);
}

class Batches<T> implements BatchedSource<T> {
  constructor(private readonly source: AsyncIterable<readonly T[]> | Iterable<readonly T[]>) {}

  [kBatches](): AsyncIterator<readonly T[], unknown, undefined> {
    const source = this.source;
    const iterator: AsyncIterator<unknown> | Iterator<unknown> =
      Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
    const batches: AsyncIterator<readonly T[], unknown, undefined> & Partial<ConsumptionAware> = {
      next: async () => {
        const result = await iterator.next();
        if (result.done !== true && !Array.isArray(result.value)) {
          await iterator.return?.();
          throw new TypeError(`fromBatches(): each batch must be an array, got ${describeValue(result.value)}`);
        }
        return result as IteratorResult<readonly T[]>;
      },
      return: async () => {
        await iterator.return?.();
        return { value: undefined, done: true };
      },
    };
    // The wrapped iterator's consumption hook, if it has one, counts the same inputs: the batches' items.
    const hook = (iterator as Partial<ConsumptionAware>)[consumption];
    if (typeof hook === 'function') batches[consumption] = (count) => hook.call(iterator, count);
    return batches;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const source = this.source;
    const iterator: AsyncIterator<unknown> | Iterator<unknown> =
      Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
    // A consumption-aware source iterated without a Siphon host: an item counts as consumed when the
    // next one is asked for, or when the iteration ends after it, as the hosts count it.
    const hook = (iterator as Partial<ConsumptionAware>)[consumption];
    let consumed = 0;
    let finished = false;
    try {
      for (;;) {
        const result = await iterator.next();
        if (result.done === true) {
          finished = true;
          return;
        }
        for (const item of result.value as readonly T[]) {
          yield item;
          if (typeof hook === 'function') hook.call(iterator, ++consumed);
        }
      }
    } finally {
      if (!finished) await iterator.return?.();
    }
  }
}
