import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { FilterError } from '../filter-error.js';
import { flatMap } from './flat-map.js';
import { pipe } from './pipe.js';
import { take } from './take.js';

describe('flatMap', () => {
  it('emits every item of the returned arrays, in order', () => {
    expect(
      collect(
        ['a b', '', 'c d e'],
        flatMap((s: string) => s.split(' ').filter(Boolean)),
      ),
    ).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('accepts any iterable: a Set or a generator', () => {
    expect(
      collect(
        [1, 2],
        flatMap((n: number) => new Set([n, n, n + 10])),
      ),
    ).toEqual([1, 11, 2, 12]);
    function* twice(n: number) {
      yield n;
      yield n;
    }
    expect(collect([1, 2], flatMap(twice))).toEqual([1, 1, 2, 2]);
  });

  it('stops expanding once a later stage finishes', () => {
    let produced = 0;
    function* counted(n: number) {
      for (let i = 0; i < 3; i++) {
        produced++;
        yield n * 10 + i;
      }
    }
    expect(collect([1, 2, 3], pipe(flatMap(counted), take(4)))).toEqual([10, 11, 12, 20]);
    // The generator result is materialised per chunk; the third source chunk is never read.
    expect(produced).toBe(6);
  });

  it('fails with a FilterError when project returns a non-iterable', () => {
    let caught: unknown;
    try {
      collect(
        [1],
        flatMap(() => 5 as never),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FilterError);
    expect((caught as FilterError).filter).toBe('flatMap');
    expect((caught as FilterError).cause).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toMatch(/iterable, got number/);
  });

  it('rejects a non-function', () => {
    expect(() => flatMap(null as never)).toThrow(/flatMap\(\): project must be a function, got null/);
  });
});
