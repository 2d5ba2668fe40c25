import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { filter } from './filter.js';

describe('filter', () => {
  it('keeps the chunks the predicate accepts, with their index', () => {
    expect(
      collect(
        [1, 2, 3, 4, 5],
        filter((n: number) => n % 2 === 1),
      ),
    ).toEqual([1, 3, 5]);
    expect(
      collect(
        ['a', 'b', 'c'],
        filter((_: string, i) => i !== 1),
      ),
    ).toEqual(['a', 'c']);
  });

  it('treats the predicate result as truthy/falsy', () => {
    expect(
      collect(
        ['', 'x', '', 'y'],
        filter((s: string) => s.length),
      ),
    ).toEqual(['x', 'y']);
  });

  it('narrows with a type guard at run time as well as in types', () => {
    const strings = filter((x: string | number): x is string => typeof x === 'string');
    const out: string[] = collect(['a', 1, 'b', 2], strings);
    expect(out).toEqual(['a', 'b']);
  });

  it('rejects a non-function predicate', () => {
    expect(() => filter('yes' as never)).toThrow(new TypeError('filter(): predicate must be a function, got string'));
  });
});
