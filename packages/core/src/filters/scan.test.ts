import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { scan } from './scan.js';

describe('scan', () => {
  it('with a seed, emits each running accumulation', () => {
    expect(
      collect(
        [1, 2, 3],
        scan((sum: number, n: number) => sum + n, 0),
      ),
    ).toEqual([1, 3, 6]);
    expect(
      collect(
        ['a', 'b'],
        scan((acc: string[], s: string) => [...acc, s], [] as string[]),
      ),
    ).toEqual([['a'], ['a', 'b']]);
  });

  it('without a seed, emits the first chunk as is and passes indexes from 1', () => {
    const calls: number[] = [];
    const out = collect(
      [5, 3, 8],
      scan((max: number, n: number, i: number) => (calls.push(i), Math.max(max, n))),
    );
    expect(out).toEqual([5, 5, 8]);
    expect(calls).toEqual([1, 2]);
  });

  it('treats an explicit undefined seed as a seed', () => {
    expect(
      collect(
        [1],
        scan((acc: unknown, n: number) => [acc, n], undefined as unknown),
      ),
    ).toEqual([[undefined, 1]]);
  });

  it('starts each run from the seed again', () => {
    const sums = scan((sum: number, n: number) => sum + n, 100);
    expect(collect([1, 2], sums)).toEqual([101, 103]);
    expect(collect([1, 2], sums)).toEqual([101, 103]);
  });

  it('rejects a non-function', () => {
    expect(() => scan(0 as never, 0)).toThrow(/scan\(\): accumulate must be a function, got number/);
  });
});
