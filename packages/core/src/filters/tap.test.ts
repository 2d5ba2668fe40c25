import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { tap } from './tap.js';

describe('tap', () => {
  it('sees every chunk with its index and passes it on unchanged', () => {
    const seen: Array<[string, number]> = [];
    const chunk = { id: 'same object' };
    expect(
      collect(
        ['a', 'b'],
        tap((s: string, i) => seen.push([s, i])),
      ),
    ).toEqual(['a', 'b']);
    expect(seen).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(
      collect(
        [chunk],
        tap(() => undefined),
      )[0],
    ).toBe(chunk);
  });

  it('rejects a non-function', () => {
    expect(() => tap('log' as never)).toThrow(/tap\(\): effect must be a function, got string/);
  });
});
