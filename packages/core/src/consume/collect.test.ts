import { describe, expect, it } from 'vitest';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
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
