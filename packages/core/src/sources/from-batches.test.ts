import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { pull } from '../consume/pull.js';
import { map } from '../filters/map.js';
import { take } from '../filters/take.js';
import { pipe } from '../filters/pipe.js';
import { asyncSource, newLog, syncSource } from '../test-support.js';
import { fromBatches } from './from-batches.js';

describe('fromBatches', () => {
  it('iterated directly, yields the chunks one by one', async () => {
    const out: number[] = [];
    for await (const n of fromBatches([[1, 2], [], [3]])) out.push(n);
    expect(out).toEqual([1, 2, 3]);
  });

  it('lets the hosts read a whole array per step, from sync or async sources of arrays', async () => {
    const log = newLog();
    expect(
      await collect(
        fromBatches(asyncSource([[1, 2, 3], [4]], log)),
        map((n: number) => n * 10),
      ),
    ).toEqual([10, 20, 30, 40]);
    expect(log).toEqual({ reads: 2, finallyRuns: 1 });
    expect(
      await collect(
        fromBatches(syncSource([['a'], ['b']], newLog())),
        map((s: string) => s),
      ),
    ).toEqual(['a', 'b']);
  });

  it('closes the underlying source once when the run stops early', async () => {
    const log = newLog();
    const out: number[] = [];
    for await (const n of pull(
      fromBatches(asyncSource([[1, 2], [3, 4], [5]], log)),
      pipe(
        map((n: number) => n),
        take(3),
      ),
    ))
      out.push(n);
    expect(out).toEqual([1, 2, 3]);
    expect(log).toEqual({ reads: 2, finallyRuns: 1 });
  });

  it('fails with a TypeError naming fromBatches when a batch is not an array, and closes the source', async () => {
    const log = newLog();
    await expect(
      collect(
        fromBatches(syncSource([[1], 2 as never], log)),
        map((n: number) => n),
      ),
    ).rejects.toThrow(new TypeError('fromBatches(): each batch must be an array, got number'));
    expect(log.finallyRuns).toBe(1);
  });

  it('rejects a source that is not an iterable', () => {
    expect(() => fromBatches(5 as never)).toThrow(
      new TypeError('fromBatches(): source must be an iterable of arrays, got number'),
    );
  });
});
