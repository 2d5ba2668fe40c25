import { describe, expect, it } from 'vitest';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
import { collect } from './collect.js';
import { filter } from '../filters/filter.js';
import { pipe } from '../filters/pipe.js';
import { lines } from '../text/lines.js';
import { fromBatches } from '../sources/from-batches.js';
import { asyncSource, newLog, syncSource } from '../test-support.js';
import { pullBatches } from './pull-batches.js';

async function all<T>(it: AsyncIterable<readonly T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const batch of it) out.push([...batch]);
  return out;
}

describe('pullBatches', () => {
  it('hands out what one source batch produced, as one array', async () => {
    const source = fromBatches([['a\nb\nc'], ['\n', 'd\n'], ['e']]);
    expect(await all(pullBatches(source, lines()))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('never hands out an empty batch', async () => {
    const evens = filter((n: number) => n % 2 === 0);
    expect(await all(pullBatches(fromBatches([[1, 3], [2], [5], [4, 6]]), evens))).toEqual([[2], [4, 6]]);
  });

  it('runs over plain async and sync iterables, a chunk per read', async () => {
    const double = map((n: number) => n * 2);
    expect(await all(pullBatches(asyncSource([1, 2], newLog()), double))).toEqual([[2], [4]]);
    expect(await all(pullBatches(syncSource([1, 2], newLog()), double))).toEqual([[2], [4]]);
  });

  it('runs over a string, a character per read, as pull and collect do', async () => {
    const upper = map((c: string) => c.toUpperCase());
    expect(await all(pullBatches('ab', upper))).toEqual([['A'], ['B']]);
    expect(
      await all(
        pullBatches(
          'ab',
          pipe(
            upper,
            mapAsync(async (c: string) => c + c),
          ),
        ),
      ),
    ).toEqual([['AA'], ['BB']]);
    expect(collect('ab', upper)).toEqual(['A', 'B']);
  });

  it('queues next() calls made without waiting', async () => {
    const it = pullBatches(fromBatches([[1], [2]]), pipe(map((n: number) => n)));
    const results = await Promise.all([it.next(), it.next(), it.next()]);
    expect(results).toEqual([
      { value: [1], done: false },
      { value: [2], done: false },
      { value: undefined, done: true },
    ]);
  });

  it('is lazy and rejects bad arguments', async () => {
    let opened = 0;
    const source = { [Symbol.asyncIterator]: () => (opened++, asyncSource([1], newLog())[Symbol.asyncIterator]()) };
    const it = pullBatches(
      source,
      map((n: number) => n),
    );
    expect(opened).toBe(0);
    await it.next();
    expect(opened).toBe(1);
    expect(() =>
      pullBatches(
        null as never,
        map((n: number) => n),
      ),
    ).toThrow(/pullBatches\(\): source must be/);
    expect(() => pullBatches([1], 'map' as never)).toThrow(/pullBatches\(\): filter is not a Siphon filter/);
  });
});
