import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { pull } from '../consume/pull.js';
import { pullBatches } from '../consume/pull-batches.js';
import { batch } from '../filters/batch.js';
import { defineFilter } from '../filters/define-filter.js';
import { filter } from '../filters/filter.js';
import { flatMap } from '../filters/flat-map.js';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
import { pipe } from '../filters/pipe.js';
import { take } from '../filters/take.js';
import { fromBatches } from '../sources/from-batches.js';
import { decodeText } from '../text/decode-text.js';
import { lines } from '../text/lines.js';
import { normalizeNewlines } from '../text/normalize-newlines.js';
import { consumption, type ConsumptionAware } from './consumption.js';

/** A source that records every watermark the host reports, and when its `return()` ran. */
function tracked<T>(items: readonly T[]) {
  const log: (number | 'return')[] = [];
  const source: AsyncIterable<T> = {
    [Symbol.asyncIterator]() {
      let i = 0;
      const iterator: AsyncIterator<T> & ConsumptionAware = {
        next: async () => (i < items.length ? { value: items[i++]!, done: false } : { value: undefined, done: true }),
        return: async () => {
          log.push('return');
          return { value: undefined, done: true };
        },
        [consumption]: (count) => log.push(count),
      };
      return iterator;
    },
  };
  return { source, log };
}

/** The same over batches: one read hands over a whole array; the watermark counts items. */
function trackedBatches<T>(batches: readonly (readonly T[])[]) {
  const { source, log } = tracked(batches);
  return { source: fromBatches(source), log };
}

/** The watermarks reported after each `next()` of `iterator`, until it is done. */
async function reportsPerNext(iterator: AsyncIterator<unknown>, log: readonly unknown[]) {
  const steps: { value: unknown; log: unknown[] }[] = [];
  for (;;) {
    const result = await iterator.next();
    steps.push({ value: result.done === true ? 'done' : result.value, log: [...log] });
    if (result.done === true) return steps;
  }
}

describe('consumption tracking', () => {
  it('map: an input counts once the consumer asks past its output', async () => {
    const { source, log } = tracked(['a', 'b', 'c']);
    expect(
      await reportsPerNext(
        pull(
          source,
          map((s: string) => s.toUpperCase()),
        ),
        log,
      ),
    ).toEqual([
      { value: 'A', log: [] },
      { value: 'B', log: [1] },
      { value: 'C', log: [1, 2] },
      { value: 'done', log: [1, 2, 3] },
    ]);
  });

  it('filter: a dropped input counts once the outputs before it are consumed', async () => {
    const { source, log } = tracked([1, 2, 3, 4, 5]);
    expect(
      await reportsPerNext(
        pull(
          source,
          filter((n: number) => n % 2 === 0),
        ),
        log,
      ),
    ).toEqual([
      { value: 2, log: [1] },
      { value: 4, log: [1, 2, 3] },
      { value: 'done', log: [1, 2, 3, 4, 5] },
    ]);
  });

  it('flatMap: an input counts after the last of its outputs', async () => {
    const { source, log } = tracked(['a b', 'c']);
    expect(
      await reportsPerNext(
        pull(
          source,
          flatMap((s: string) => s.split(' ')),
        ),
        log,
      ),
    ).toEqual([
      { value: 'a', log: [] },
      { value: 'b', log: [] },
      { value: 'c', log: [1] },
      { value: 'done', log: [1, 2] },
    ]);
  });

  it('batch(4): inputs a partial batch holds wait for the batch', async () => {
    const { source, log } = tracked([1, 2, 3, 4, 5, 6]);
    expect(await reportsPerNext(pull(source, batch<number>(4)), log)).toEqual([
      { value: [1, 2, 3, 4], log: [] },
      { value: [5, 6], log: [4] },
      { value: 'done', log: [4, 6] },
    ]);
  });

  it('lines(): a chunk whose partial line is held waits for the line', async () => {
    const { source, log } = tracked(['a\nb', 'c\nd\n', 'e']);
    expect(await reportsPerNext(pull(source, lines()), log)).toEqual([
      { value: 'a', log: [] },
      { value: 'bc', log: [] },
      { value: 'd', log: [] },
      { value: 'e', log: [2] },
      { value: 'done', log: [2, 3] },
    ]);
  });

  it('normalizeNewlines and decodeText hold a pending CR and a split character', async () => {
    const crs = tracked(['a\r', '\nb', 'c']);
    expect(await reportsPerNext(pull(crs.source, normalizeNewlines('\r\n')), crs.log)).toEqual([
      { value: 'a', log: [] },
      { value: '\r\nb', log: [] },
      { value: 'c', log: [2] },
      { value: 'done', log: [2, 3] },
    ]);
    const euro = new TextEncoder().encode('€x');
    const bytes = tracked([euro.subarray(0, 1), euro.subarray(1, 2), euro.subarray(2, 4), euro.subarray(3)]);
    expect(await reportsPerNext(pull(bytes.source, decodeText()), bytes.log)).toEqual([
      { value: '€x', log: [] },
      { value: 'x', log: [3] },
      { value: 'done', log: [3, 4] },
    ]);
  });

  it('take: what take cut off is not counted; the last count may follow the source’s return()', async () => {
    const { source, log } = tracked([1, 2, 3, 4]);
    expect(await reportsPerNext(pull(source, take(2)), log)).toEqual([
      { value: 1, log: [] },
      { value: 2, log: [1, 'return'] },
      { value: 'done', log: [1, 'return', 2] },
    ]);
    const batched = trackedBatches([[1, 2, 3, 4]]);
    expect(await reportsPerNext(pull(batched.source, take(2)), batched.log)).toEqual([
      { value: 1, log: ['return'] },
      { value: 2, log: ['return', 1] },
      { value: 'done', log: ['return', 1, 2] },
    ]);
  });

  it('batched source through pull: per output, not per batch', async () => {
    const { source, log } = trackedBatches([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(
      await reportsPerNext(
        pull(
          source,
          map((n: number) => n * 10),
        ),
        log,
      ),
    ).toEqual([
      { value: 10, log: [] },
      { value: 20, log: [1] },
      { value: 30, log: [1, 2] },
      { value: 40, log: [1, 2, 3] },
      { value: 50, log: [1, 2, 3, 4] },
      { value: 'done', log: [1, 2, 3, 4, 5] },
    ]);
  });

  it('pullBatches: one report per next(), through map → filter → batch(4)', async () => {
    const { source, log } = trackedBatches([[1, 2, 3], [4, 5, 6, 7, 8, 9], [10]]);
    const pipeline = pipe(
      map((n: number) => n),
      filter((n: number) => n !== 2),
      batch<number>(4),
    );
    expect(await reportsPerNext(pullBatches(source, pipeline), log)).toEqual([
      {
        value: [
          [1, 3, 4, 5],
          [6, 7, 8, 9],
        ],
        log: [],
      },
      { value: [[10]], log: [9] },
      { value: 'done', log: [9, 10] },
    ]);
  });

  it('mapAsync: inputs count once their results left, with calls in flight held back', async () => {
    const { source, log } = tracked([1, 2, 3]);
    expect(
      await reportsPerNext(
        pull(
          source,
          mapAsync(async (n: number) => n * 2),
        ),
        log,
      ),
    ).toEqual([
      { value: 2, log: [] },
      { value: 4, log: [1] },
      { value: 6, log: [1, 2] },
      { value: 'done', log: [1, 2, 3] },
    ]);
    const batched = trackedBatches([
      [1, 2, 3],
      [4, 5],
    ]);
    const iterator = pullBatches(
      batched.source,
      pipe(
        mapAsync(async (n: number) => n, { concurrency: 2 }),
        batch<number>(2),
      ),
    );
    const seen: number[] = [];
    for (;;) {
      const consumedBefore = seen.length;
      const result = await iterator.next();
      // Everything handed out before this next() is consumed; a report never runs ahead of that.
      expect(batched.log.at(-1) ?? 0).toBeLessThanOrEqual(consumedBefore);
      if (result.done === true) break;
      seen.push(...result.value.flat());
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(batched.log.at(-1)).toBe(5);
  });

  it('mapAsync then take: the inputs take cut off stay uncounted', async () => {
    const { source, log } = trackedBatches([[1, 2, 3, 4, 5]]);
    expect(
      await collect(
        source,
        pipe(
          mapAsync(async (n: number) => n),
          take(2),
        ),
      ),
    ).toEqual([1, 2]);
    expect(log.filter((entry) => entry !== 'return').every((count) => (count as number) <= 2)).toBe(true);
    const direct = trackedBatches([[1, 2, 3, 4, 5]]);
    expect(
      await collect(
        direct.source,
        pipe(
          take<number>(2),
          mapAsync(async (n: number) => n),
        ),
      ),
    ).toEqual([1, 2]);
    expect(direct.log.filter((entry) => entry !== 'return')).toEqual([2]);
  });

  it('defineFilter: holding() is asked; with end() and no holding(), nothing counts before the end', async () => {
    const pairs = (declare: boolean) =>
      defineFilter<number, number[]>('pairs', () => {
        let held: number[] = [];
        return {
          step(n) {
            held.push(n);
            if (held.length < 2) return;
            const out = held;
            held = [];
            return [out];
          },
          end: () => (held.length > 0 ? [held] : []),
          ...(declare ? { holding: () => held.length > 0 } : {}),
        };
      });
    const declared = tracked([1, 2, 3]);
    expect(await reportsPerNext(pull(declared.source, pairs(true)), declared.log)).toEqual([
      { value: [1, 2], log: [] },
      { value: [3], log: [2] },
      { value: 'done', log: [2, 3] },
    ]);
    const undeclared = tracked([1, 2, 3]);
    expect(await reportsPerNext(pull(undeclared.source, pairs(false)), undeclared.log)).toEqual([
      { value: [1, 2], log: [] },
      { value: [3], log: [] },
      { value: 'done', log: [3] },
    ]);
  });

  it('fromBatches iterated directly: an item counts when the next is asked for', async () => {
    const { source, log } = trackedBatches([['a', 'b'], ['c']]);
    const seen: unknown[] = [];
    for await (const item of source) seen.push([item, [...log]]);
    expect(seen).toEqual([
      ['a', []],
      ['b', [1]],
      ['c', [1, 2]],
    ]);
    expect(log).toEqual([1, 2, 3]);
    const early = trackedBatches([['a', 'b', 'c']]);
    for await (const item of early.source) if (item === 'b') break;
    expect(early.log).toEqual([1, 'return']);
  });

  it('return() and errors report nothing more', async () => {
    const { source, log } = tracked([1, 2, 3]);
    const iterator = pull(
      source,
      map((n: number) => n),
    );
    await iterator.next();
    await iterator.next();
    await iterator.return();
    expect(log).toEqual([1, 'return']);
    const failing = tracked([1, 2, 3]);
    const broken = pull(
      failing.source,
      map((n: number) => {
        if (n === 2) throw new Error('no');
        return n;
      }),
    );
    await broken.next();
    await expect(broken.next()).rejects.toThrow('no');
    expect(failing.log).toEqual([1, 'return']);
  });
});
