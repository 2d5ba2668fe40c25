import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { distinctUntilChanged } from './distinct-until-changed.js';

describe('distinctUntilChanged', () => {
  it('drops repeats of the chunk just before, using Object.is', () => {
    expect(collect([1, 1, 2, 2, 1], distinctUntilChanged())).toEqual([1, 2, 1]);
    expect(collect([NaN, NaN, 0, -0], distinctUntilChanged())).toEqual([NaN, 0, -0]);
  });

  it('emits the first chunk whatever it is, undefined included', () => {
    expect(collect([undefined, undefined, 1], distinctUntilChanged())).toEqual([undefined, 1]);
  });

  it('uses a custom equality with (previous, current)', () => {
    const pairs: Array<[string, string]> = [];
    const sameLetter = distinctUntilChanged((a: string, b: string) => (pairs.push([a, b]), a[0] === b[0]));
    expect(collect(['apple', 'avocado', 'banana', 'blueberry', 'apricot'], sameLetter)).toEqual([
      'apple',
      'banana',
      'apricot',
    ]);
    expect(pairs[0]).toEqual(['apple', 'avocado']);
  });

  it('forgets the previous chunk between runs', () => {
    const distinct = distinctUntilChanged<number>();
    expect(collect([1, 1], distinct)).toEqual([1]);
    expect(collect([1, 2], distinct)).toEqual([1, 2]);
  });

  it('rejects a non-function equality', () => {
    expect(() => distinctUntilChanged(true as never)).toThrow(
      /distinctUntilChanged\(\): equals must be a function, got boolean/,
    );
  });
});
