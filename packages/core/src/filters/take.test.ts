import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { pull } from '../consume/pull.js';
import { newFilterLog, newLog, syncSource, asyncSource, tracked } from '../test-support.js';
import { start } from '../consume/start.js';
import { fromBatches } from '../sources/from-batches.js';
import { defineFilter } from './define-filter.js';
import { map } from './map.js';
import { mapAsync } from './map-async.js';

/** Emits how many chunks it saw when the input ends. */
function countAtEnd() {
  return defineFilter<number, string>('countAtEnd', () => {
    let count = 0;
    return { step: () => void count++, end: () => [`seen ${count}`] };
  });
}
import { pipe } from './pipe.js';
import { take } from './take.js';

describe('take', () => {
  it('emits the first n chunks and then closes the source', () => {
    const log = newLog();
    expect(collect(syncSource([1, 2, 3, 4, 5], log), take(2))).toEqual([1, 2]);
    expect(log).toEqual({ reads: 2, finallyRuns: 1 });
  });

  it('ends an endless source', () => {
    function* naturals() {
      for (let n = 0; ; n++) yield n;
    }
    expect(collect(naturals(), take(3))).toEqual([0, 1, 2]);
  });

  it('take(0) never opens the source, sync or async', async () => {
    let opened = 0;
    const sync = { [Symbol.iterator]: () => (opened++, [1][Symbol.iterator]()) };
    const async = {
      [Symbol.asyncIterator]: () => {
        opened++;
        return (async function* () {
          yield 1;
        })();
      },
    };
    expect(collect(sync, take(0))).toEqual([]);
    expect(await collect(async, take(0))).toEqual([]);
    expect(opened).toBe(0);
  });

  it('take(0) still runs the end step and cleanup of the stages after it, once', () => {
    const log = newFilterLog();
    expect(collect([1, 2], pipe(take<number>(0), tracked(log)))).toEqual([]);
    expect(log).toEqual({ inits: 1, ends: 1, cleanups: 1 });
  });

  it('take(0) still hands out the final outputs of the stages after it, on every host', async () => {
    const counted = pipe(take<number>(0), countAtEnd());
    expect(collect([1, 2], counted)).toEqual(['seen 0']);
    expect([...pull([1, 2], counted)]).toEqual(['seen 0']);
    expect(await collect(fromBatches([[1, 2]]), counted)).toEqual(['seen 0']);
    expect(
      await collect(
        fromBatches([[1, 2]]),
        pipe(
          mapAsync(async (n: number) => n),
          counted,
        ),
      ),
    ).toEqual(['seen 0']);
    expect(start(counted).end()).toEqual(['seen 0']);
  });

  it('take(0) runs cleanups once even when a later end step throws', async () => {
    const log = newFilterLog();
    const failingEnd = defineFilter<number, number>('failingEnd', () => ({
      step: (n) => [n],
      end() {
        throw new Error('end failed');
      },
    }));
    const pipeline = pipe(take<number>(0), tracked<number>(log), failingEnd);
    expect(() => collect([1], pipeline)).toThrow(/failingEnd \(stage 3 of 3\) failed: Error: end failed/);
    await expect(collect(fromBatches([[1]]), pipeline)).rejects.toThrow(/failingEnd/);
    expect(log).toEqual({ inits: 2, ends: 2, cleanups: 2 });
  });

  it('take(Infinity) takes everything', () => {
    expect(collect([1, 2, 3], take(Infinity))).toEqual([1, 2, 3]);
  });

  it('does not read ahead: the chunk after the last taken is never pulled (async)', async () => {
    const log = newLog();
    const out = await collect(
      asyncSource([1, 2, 3, 4], log),
      pipe(
        map((n: number) => n * 2),
        take(3),
      ),
    );
    expect(out).toEqual([2, 4, 6]);
    expect(log).toEqual({ reads: 3, finallyRuns: 1 });
  });

  it('counts per run', () => {
    const two = take<number>(2);
    const it1 = pull([1, 2, 3], two);
    const it2 = pull([7, 8, 9], two);
    expect([it1.next().value, it2.next().value, it1.next().value, it2.next().value]).toEqual([1, 7, 2, 8]);
    expect(it1.next().done).toBe(true);
  });

  it('rejects bad counts, naming take and the argument', () => {
    expect(() => take(-1)).toThrow(RangeError);
    expect(() => take(-1)).toThrow(/take\(\): count must be a whole number ≥ 0 or Infinity, got -1/);
    expect(() => take(1.5)).toThrow(RangeError);
    expect(() => take(NaN)).toThrow(RangeError);
    expect(() => take('3' as never)).toThrow(new TypeError('take(): count must be a number, got string'));
  });
});
