// A stage that finishes early (take, takeWhile) delivers its outputs, then the run closes the source. The
// source's return() never holds an output back, and when it fails, its error comes after every output, on
// every host: as the sync host does, and as IxJS's take does (it yields the n-th value, then breaks).
import { describe, expect, it } from 'vitest';
import { batch } from '../filters/batch.js';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
import { pipe } from '../filters/pipe.js';
import { take } from '../filters/take.js';
import type { Filter } from '../filter.js';
import { fromBatches } from '../sources/from-batches.js';
import { deferred, settle } from '../test-support.js';
import { collect } from './collect.js';
import { pull } from './pull.js';
import { pullBatches } from './pull-batches.js';

/** An endless async iterator of 1, 2, 3, … whose return() is `onReturn`, counted. */
function endlessAsync(onReturn: () => Promise<IteratorResult<number>>): {
  source: AsyncIterable<number>;
  returns: () => number;
} {
  let returns = 0;
  let n = 0;
  const iterator: AsyncIterableIterator<number> = {
    [Symbol.asyncIterator]: () => iterator,
    next: async () => ({ value: ++n, done: false }),
    return: () => {
      returns++;
      return onReturn();
    },
  };
  return { source: iterator, returns: () => returns };
}

/** The sync form: return() throws. */
function endlessSyncFailingReturn(): Iterable<number> {
  let n = 0;
  const iterator: IterableIterator<number> = {
    [Symbol.iterator]: () => iterator,
    next: () => ({ value: ++n, done: false }),
    return: () => {
      throw new Error('return failed');
    },
  };
  return iterator;
}

async function drain<T>(iterator: AsyncIterator<T>): Promise<{ values: T[]; error: unknown }> {
  const values: T[] = [];
  try {
    for (let result = await iterator.next(); result.done !== true; result = await iterator.next())
      values.push(result.value);
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

const identity = (): Filter<number, number> => map((n: number) => n);
// mapAsync before take sends the run down the node host (ChainNode) rather than the fused direct host.
const viaNodes = (): Filter<number, number> => mapAsync(async (n: number) => n);

describe('a finished stage delivers, then closes', () => {
  for (const [label, head] of [
    ['direct host', identity],
    ['node host', viaNodes],
  ] as const) {
    it(`${label}: the n-th value does not wait for the source's return() to settle`, async () => {
      const closing = deferred<IteratorResult<number>>();
      const { source, returns } = endlessAsync(() => closing.promise);
      const it = pull(source, pipe(head(), take(2)));
      expect(await it.next()).toEqual({ value: 1, done: false });
      let second: IteratorResult<number> | undefined;
      void it.next().then((result) => (second = result));
      await settle();
      expect(second).toEqual({ value: 2, done: false });
      expect(returns()).toBe(1); // closed at once, not on the next pull
      const end = it.next();
      closing.resolve({ value: undefined, done: true });
      expect(await end).toEqual({ value: undefined, done: true });
      expect(returns()).toBe(1);
    });

    it(`${label}: a rejecting return() is reported after all n values`, async () => {
      const { source, returns } = endlessAsync(() => Promise.reject(new Error('return failed')));
      const { values, error } = await drain(pull(source, pipe(head(), take(3))));
      expect(values).toEqual([1, 2, 3]);
      expect(error).toEqual(new Error('return failed'));
      expect(returns()).toBe(1);
    });

    it(`${label}: the final outputs of the stages after take come before the return() error`, async () => {
      const { source } = endlessAsync(() => Promise.reject(new Error('return failed')));
      const { values, error } = await drain(pull(source, pipe(head(), take(3), batch<number>(2))));
      expect(values).toEqual([[1, 2], [3]]);
      expect(error).toEqual(new Error('return failed'));
    });

    it(`${label}: pullBatches hands out the batch, then the return() error`, async () => {
      const { source } = endlessAsync(() => Promise.reject(new Error('return failed')));
      const { values, error } = await drain(pullBatches(source, pipe(head(), take(3))));
      expect(values.flat()).toEqual([1, 2, 3]);
      expect(error).toEqual(new Error('return failed'));
    });

    it(`${label}: a consumer that stops after the n values is not handed the return() error`, async () => {
      const { source, returns } = endlessAsync(() => Promise.reject(new Error('return failed')));
      const it = pull(source, pipe(head(), take(1)));
      expect(await it.next()).toEqual({ value: 1, done: false });
      await expect(it.return()).resolves.toEqual({ value: undefined, done: true });
      expect(await it.next()).toEqual({ value: undefined, done: true });
      expect(returns()).toBe(1);
    });
  }

  it('async collect is all or nothing: a rejecting return() rejects it', async () => {
    const { source } = endlessAsync(() => Promise.reject(new Error('return failed')));
    await expect(collect(source, take(2))).rejects.toThrow('return failed');
  });

  it('a batch source cut off mid-batch: the values, then the return() error', async () => {
    let n = 0;
    const batches: AsyncIterableIterator<number[]> = {
      [Symbol.asyncIterator]: () => batches,
      next: async () => ({ value: [++n, ++n, ++n], done: false }),
      return: () => Promise.reject(new Error('return failed')),
    };
    const { values, error } = await drain(pull(fromBatches(batches), take(4)));
    expect(values).toEqual([1, 2, 3, 4]);
    expect(error).toEqual(new Error('return failed'));
  });

  it('sync host agrees: all n values, the final outputs after take, then the return() error', () => {
    const it = pull(endlessSyncFailingReturn(), pipe(take(3), batch<number>(2)));
    const values: number[][] = [];
    let error: unknown;
    try {
      for (let result = it.next(); result.done !== true; result = it.next()) values.push(result.value);
    } catch (thrown) {
      error = thrown;
    }
    expect(values).toEqual([[1, 2], [3]]);
    expect(error).toEqual(new Error('return failed'));
    expect(it.next().done).toBe(true);
  });

  it('sync host: a consumer that stops after the n values is not handed the return() error', () => {
    const it = pull(endlessSyncFailingReturn(), take(2));
    expect([it.next().value, it.next().value]).toEqual([1, 2]);
    expect(it.return()).toEqual({ value: undefined, done: true });
    expect(it.next().done).toBe(true);
    expect(() => collect(endlessSyncFailingReturn(), take(2))).toThrow('return failed');
  });
});
