import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { drop } from './drop.js';

describe('drop', () => {
  it('skips the first n chunks', () => {
    expect(collect(['header', 'a', 'b'], drop(1))).toEqual(['a', 'b']);
    expect(collect([1, 2], drop(5))).toEqual([]);
    expect(collect([1, 2], drop(0))).toEqual([1, 2]);
  });

  it('counts per run', () => {
    const skipOne = drop<number>(1);
    expect(collect([1, 2], skipOne)).toEqual([2]);
    expect(collect([1, 2], skipOne)).toEqual([2]);
  });

  it('rejects bad counts', () => {
    expect(() => drop(-1)).toThrow(/drop\(\): count must be a whole number ≥ 0, got -1/);
    expect(() => drop(Infinity)).toThrow(RangeError);
    expect(() => drop({} as never)).toThrow(TypeError);
  });
});
