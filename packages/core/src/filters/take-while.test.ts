import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { newLog, syncSource } from '../test-support.js';
import { takeWhile } from './take-while.js';

describe('takeWhile', () => {
  it('emits while the predicate holds and closes the source at the first failure', () => {
    const log = newLog();
    expect(
      collect(
        syncSource(['a', 'b', '', 'c', 'd'], log),
        takeWhile((s: string) => s !== ''),
      ),
    ).toEqual(['a', 'b']);
    expect(log).toEqual({ reads: 3, finallyRuns: 1 });
  });

  it('with inclusive, also emits the chunk that failed', () => {
    expect(
      collect(
        [1, 2, 3, 4],
        takeWhile((n: number) => n < 3, { inclusive: true }),
      ),
    ).toEqual([1, 2, 3]);
  });

  it('passes the index and emits everything when the predicate always holds', () => {
    expect(
      collect(
        ['x', 'y', 'z'],
        takeWhile((_: string, i) => i < 2),
      ),
    ).toEqual(['x', 'y']);
    expect(
      collect(
        [1, 2],
        takeWhile(() => true),
      ),
    ).toEqual([1, 2]);
  });

  it('rejects a non-function', () => {
    expect(() => takeWhile(undefined as never)).toThrow(/takeWhile\(\): predicate must be a function, got undefined/);
  });
});
