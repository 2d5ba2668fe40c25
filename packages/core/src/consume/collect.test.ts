import { describe, expect, it } from 'vitest';
import { FilterError } from '../filter-error.js';
import { filter } from '../filters/filter.js';
import { flatMap } from '../filters/flat-map.js';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
import { pipe } from '../filters/pipe.js';
import { take } from '../filters/take.js';
import { lines } from '../text/lines.js';
import { fromBatches } from '../sources/from-batches.js';
import { asyncSource, newLog } from '../test-support.js';
import { collect } from './collect.js';

describe('collect', () => {
  it('returns an array for an Iterable source, synchronously', () => {
    const out = collect(['a\r\nb', '\r\n'], lines());
    expect(Array.isArray(out)).toBe(true);
    expect(out).toEqual(['a', 'b']);
  });

  it('returns a promise of an array for an AsyncIterable source', async () => {
    const out = collect(asyncSource(['a\nb'], newLog()), lines());
    expect(out).toBeInstanceOf(Promise);
    expect(await out).toEqual(['a', 'b']);
  });

  it('runs async stages over a batch source made from an array', async () => {
    expect(
      await collect(
        fromBatches([[1, 2, 3]]),
        mapAsync(async (n: number) => n * n),
      ),
    ).toEqual([1, 4, 9]);
  });

  // An array source is read by a loop of its own once the first output is out: these hold across the switch.
  it('gives each stage its own input index, counted over the whole array', () => {
    const tagged = pipe(
      map((s: string, i: number) => `${s}${i}`),
      filter((_: string, i: number) => i % 2 === 0),
      map((s: string, i: number) => `${s}:${i}`),
    );
    expect(collect(['a', 'b', 'c', 'd', 'e'], tagged)).toEqual(['a0:0', 'c2:1', 'e4:2']);
    expect(
      collect(
        ['a', 'b', 'c'],
        map((s: string, i: number) => `${s}${i}`),
      ),
    ).toEqual(['a0', 'b1', 'c2']);
  });

  it('throws a stage failing mid-array as a FilterError naming that stage', () => {
    const third = pipe(
      map((n: number) => n),
      filter(() => true),
      map((n: number) => {
        if (n === 3) throw new Error('boom');
        return n;
      }),
    );
    expect(() => collect([1, 2, 3, 4], third)).toThrow(FilterError);
    expect(() => collect([1, 2, 3, 4], third)).toThrow('map (stage 3 of 3) failed');
    const second = pipe(
      map((n: number) => n),
      filter((n: number) => {
        if (n === 2) throw new Error('boom');
        return true;
      }),
    );
    expect(() => collect([1, 2, 3], second)).toThrow('filter (stage 2 of 2) failed');
  });

  it('collects chunks that make several outputs and stages that finish, over an array', () => {
    const twice = pipe(
      map((n: number) => n * 10),
      flatMap((n: number) => [n, n + 1]),
    );
    expect(collect([1, 2, 3], twice)).toEqual([10, 11, 20, 21, 30, 31]);
    expect(
      collect(
        [1, 2, 3, 4, 5],
        pipe(
          map((n: number) => n + 1),
          take(3),
        ),
      ),
    ).toEqual([2, 3, 4]);
    const longer = pipe(
      map((n: number) => n + 1),
      filter((n: number) => n % 2 === 0),
      map((n: number) => n * 2),
      map((n: number) => n - 1),
    );
    expect(collect([1, 2, 3, 4, 5], longer)).toEqual([3, 7, 11]);
  });

  it('rejects bad arguments synchronously, naming collect', () => {
    expect(() =>
      collect(
        undefined as never,
        map((n: number) => n),
      ),
    ).toThrow(new TypeError('collect(): source must be an Iterable or AsyncIterable, got undefined'));
    expect(() => collect([1], undefined as never)).toThrow(/collect\(\): filter is not a Siphon filter, got undefined/);
  });
});
