import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { dropWhile } from './drop-while.js';

describe('dropWhile', () => {
  it('skips while the predicate holds, then emits everything, even chunks that would match', () => {
    expect(
      collect(
        ['', '', 'a', '', 'b'],
        dropWhile((s: string) => s === ''),
      ),
    ).toEqual(['a', '', 'b']);
  });

  it('stops calling the predicate once it has failed', () => {
    const indexes: number[] = [];
    collect(
      [0, 0, 1, 0, 0],
      dropWhile((n: number, i) => (indexes.push(i), n === 0)),
    );
    expect(indexes).toEqual([0, 1, 2]);
  });

  it('starts dropping again on each run', () => {
    const trimmed = dropWhile((n: number) => n === 0);
    expect(collect([0, 1, 0], trimmed)).toEqual([1, 0]);
    expect(collect([0, 2], trimmed)).toEqual([2]);
  });

  it('rejects a non-function', () => {
    expect(() => dropWhile(1 as never)).toThrow(/dropWhile\(\): predicate must be a function, got number/);
  });
});
