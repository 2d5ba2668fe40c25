import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { pull } from '../consume/pull.js';
import { filter } from './filter.js';
import { map } from './map.js';
import { pipe } from './pipe.js';

describe('map', () => {
  it('transforms each chunk and passes its index in the run', () => {
    expect(
      collect(
        ['a', 'b', 'c'],
        map((s: string, i) => `${i}:${s.toUpperCase()}`),
      ),
    ).toEqual(['0:A', '1:B', '2:C']);
  });

  it('restarts the index for each run of the same filter value', () => {
    const indexed = map((_: string, i: number) => i);
    expect(collect(['x', 'y'], indexed)).toEqual([0, 1]);
    expect(collect(['x', 'y'], indexed)).toEqual([0, 1]);
  });

  it('counts the index per stage, from the chunks that reach it, and calls project with no `this`', () => {
    const afterFilter = pipe(
      filter((n: number) => n % 2 === 0),
      map(function (this: unknown, n: number, i: number) {
        return [n, i, this];
      }),
    );
    expect(collect([1, 2, 3, 4, 5, 6], afterFilter)).toEqual([
      [2, 0, undefined],
      [4, 1, undefined],
      [6, 2, undefined],
    ]);
    // Past the chain's unrolled positions too.
    const deep = pipe(
      map((n: number) => n),
      map((n: number) => n),
      map((n: number) => n),
      map((_: number, i) => i),
    );
    expect(collect([7, 8, 9], deep)).toEqual([0, 1, 2]);
  });

  it('passes undefined outputs on rather than dropping them', () => {
    expect(
      collect(
        [1, 2],
        map(() => undefined),
      ),
    ).toEqual([undefined, undefined]);
  });

  it('calls the project function lazily, once per pulled chunk', () => {
    const seen: number[] = [];
    const it = pull(
      [1, 2, 3],
      map((n: number) => (seen.push(n), n * 10)),
    );
    expect(seen).toEqual([]);
    expect(it.next()).toEqual({ value: 10, done: false });
    expect(seen).toEqual([1]);
  });

  it('rejects a non-function at construction, naming map and the argument', () => {
    expect(() => map(42 as never)).toThrow(TypeError);
    expect(() => map(42 as never)).toThrow(/map\(\): project must be a function, got number/);
  });
});
