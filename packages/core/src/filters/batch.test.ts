import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { start } from '../consume/start.js';
import { batch } from './batch.js';
import { pipe } from './pipe.js';
import { take } from './take.js';

describe('batch', () => {
  it('groups chunks, with a shorter last group at end', () => {
    expect(collect([1, 2, 3, 4, 5], batch(2))).toEqual([[1, 2], [3, 4], [5]]);
    expect(collect([1, 2, 3, 4], batch(2))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(collect([], batch(3))).toEqual([]);
    expect(collect([1], batch(1))).toEqual([[1]]);
  });

  it('hands each group out as a new array', () => {
    const stepper = start(batch<number>(2));
    const first = stepper.push(1).concat(stepper.push(2));
    const second = stepper.push(3).concat(stepper.push(4));
    expect(first).toEqual([[1, 2]]);
    expect(second).toEqual([[3, 4]]);
    expect(first[0]).not.toBe(second[0]);
  });

  it('flushes its partial group when an earlier stage finishes', () => {
    expect(collect([1, 2, 3, 4, 5], pipe(take<number>(3), batch(2)))).toEqual([[1, 2], [3]]);
  });

  it('rejects bad sizes, naming batch and the argument', () => {
    expect(() => batch(0)).toThrow(RangeError);
    expect(() => batch(0)).toThrow(/batch\(\): size must be a whole number ≥ 1, got 0/);
    expect(() => batch(Infinity)).toThrow(RangeError);
    expect(() => batch(2.5)).toThrow(RangeError);
    expect(() => batch(undefined as never)).toThrow(TypeError);
  });
});
