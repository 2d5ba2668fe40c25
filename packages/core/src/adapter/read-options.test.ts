import { describe, expect, it } from 'vitest';
import { booleanOption, countOption, readOptions } from './read-options.js';

describe('readOptions()', () => {
  it('takes undefined as no options and an object as it is', () => {
    expect(readOptions(undefined, 'toThing()')).toEqual({});
    const options = { size: 2 };
    expect(readOptions(options, 'toThing()')).toBe(options);
  });

  it('rejects anything but an object with a TypeError naming the caller', () => {
    for (const [bad, got] of [
      [null, 'null'],
      [5, 'number'],
      ['x', 'string'],
      [[], 'Array'],
      [() => 1, 'function'],
    ] as const) {
      expect(() => readOptions(bad, 'toThing()')).toThrow(
        new TypeError(`toThing(): options must be an object, got ${got}`),
      );
    }
  });
});

describe('countOption()', () => {
  it('gives the count, or undefined when it is not set', () => {
    expect(countOption({ size: 3 }, 'size', 'toThing()', 1)).toBe(3);
    expect(countOption({ size: 0 }, 'size', 'toThing()', 0)).toBe(0);
    expect(countOption({}, 'size', 'toThing()', 1)).toBeUndefined();
    expect(countOption({ size: Infinity }, 'size', 'toThing()', 1, true)).toBe(Infinity);
  });

  it('rejects a non-number with a TypeError and a value out of range with a RangeError, naming the option', () => {
    expect(() => countOption({ size: '2' }, 'size', 'toThing()', 1)).toThrow(
      new TypeError('toThing(): options.size must be a number, got string'),
    );
    expect(() => countOption({ size: 0.5 }, 'size', 'toThing()', 1)).toThrow(
      new RangeError('toThing(): options.size must be a whole number ≥ 1, got 0.5'),
    );
    expect(() => countOption({ size: -1 }, 'size', 'toThing()', 0)).toThrow(
      new RangeError('toThing(): options.size must be a whole number ≥ 0, got -1'),
    );
    expect(() => countOption({ size: Infinity }, 'size', 'toThing()', 1)).toThrow(
      new RangeError('toThing(): options.size must be a whole number ≥ 1, got Infinity'),
    );
    expect(() => countOption({ size: 0 }, 'size', 'toThing()', 1, true)).toThrow(
      new RangeError('toThing(): options.size must be a whole number ≥ 1 or Infinity, got 0'),
    );
    expect(() => countOption({ size: 0 }, 'size', 'toThing()', 1)).toThrow(RangeError);
  });
});

describe('booleanOption()', () => {
  it('gives the boolean, or undefined when it is not set', () => {
    expect(booleanOption({ loose: true }, 'loose', 'toThing()')).toBe(true);
    expect(booleanOption({ loose: false }, 'loose', 'toThing()')).toBe(false);
    expect(booleanOption({}, 'loose', 'toThing()')).toBeUndefined();
  });

  it('rejects anything but a boolean with a TypeError naming the option', () => {
    expect(() => booleanOption({ loose: 'yes' }, 'loose', 'toThing()')).toThrow(
      new TypeError('toThing(): options.loose must be a boolean, got string'),
    );
    expect(() => booleanOption({ loose: null }, 'loose', 'toThing()')).toThrow(
      new TypeError('toThing(): options.loose must be a boolean, got null'),
    );
  });
});
