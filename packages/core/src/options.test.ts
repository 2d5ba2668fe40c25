// Every options argument of every public core function is checked at construction: `undefined` means no
// options; anything but an object, and any option of the wrong type, is a TypeError (a RangeError for a
// value out of range) that names the function and the option. Unknown keys are ignored, as Node's
// streams and WHATWG dictionaries ignore them.
// fromPush and fromEvent check their own options (see their tests).
import { describe, expect, it } from 'vitest';
import { collect } from './consume/collect.js';
import { defineAsyncStage } from './adapter/define-async-stage.js';
import { mapAsync } from './filters/map-async.js';
import { takeWhile } from './filters/take-while.js';
import { decodeText } from './text/decode-text.js';
import { lines } from './text/lines.js';

const project = async (n: number): Promise<number> => n;
const always = (): boolean => true;

/** Each public function with options, called with the given options argument. */
const withOptions: ReadonlyArray<readonly [string, (options: unknown) => unknown]> = [
  ['lines()', (options) => lines(options as never)],
  ['decodeText()', (options) => decodeText('utf-8', options as never)],
  ['takeWhile()', (options) => takeWhile(always, options as never)],
  ['mapAsync()', (options) => mapAsync(project, options as never)],
  ["defineAsyncStage('s')", (options) => defineAsyncStage('s', () => ({ step: project }), options as never)],
];

describe('options arguments', () => {
  for (const [caller, call] of withOptions) {
    it(`${caller}: undefined and {} are no options; unknown keys are ignored`, () => {
      expect(() => call(undefined)).not.toThrow();
      expect(() => call({})).not.toThrow();
      expect(() => call({ unknownOption: 1 })).not.toThrow();
    });

    it(`${caller}: anything but an object is a TypeError naming the function`, () => {
      const escaped = caller.replace(/[()]/g, '\\$&');
      for (const [bad, got] of [
        [null, 'null'],
        [5, 'number'],
        ['x', 'string'],
        [true, 'boolean'],
        [[], 'Array'],
        [always, 'function'],
      ] as const) {
        expect(() => call(bad)).toThrow(new RegExp(`^${escaped}: options must be an object, got ${got}$`));
        expect(() => call(bad)).toThrow(TypeError);
      }
    });
  }

  it('each option of the wrong type is a TypeError naming the function and the option', () => {
    expect(() => lines({ keepEnds: 'yes' } as never)).toThrow(
      new TypeError('lines(): options.keepEnds must be a boolean, got string'),
    );
    expect(() => decodeText('utf-8', { fatal: 1 } as never)).toThrow(
      new TypeError('decodeText(): options.fatal must be a boolean, got number'),
    );
    expect(() => decodeText('utf-8', { ignoreBOM: null } as never)).toThrow(
      new TypeError('decodeText(): options.ignoreBOM must be a boolean, got null'),
    );
    expect(() => takeWhile(always, { inclusive: 'true' } as never)).toThrow(
      new TypeError('takeWhile(): options.inclusive must be a boolean, got string'),
    );
    expect(() => mapAsync(project, { concurrency: '2' } as never)).toThrow(
      new TypeError('mapAsync(): options.concurrency must be a number, got string'),
    );
    expect(() => mapAsync(project, { concurrency: 1.5 })).toThrow(RangeError);
    expect(() => defineAsyncStage('s', () => ({ step: project }), { concurrency: null } as never)).toThrow(
      new TypeError("defineAsyncStage('s'): options.concurrency must be a number, got null"),
    );
  });

  it('decodeText checks its encoding: a string, one TextDecoder knows', () => {
    expect(() => decodeText(5 as never)).toThrow(new TypeError('decodeText(): encoding must be a string, got number'));
    expect(() => decodeText('klingon')).toThrow(new RangeError('decodeText(): unsupported encoding "klingon"'));
    expect(() => decodeText(undefined, { fatal: true })).not.toThrow();
  });

  it('options that are set take effect', () => {
    expect(
      collect(
        [1, 2, 3],
        takeWhile((n: number) => n < 2, { inclusive: true }),
      ),
    ).toEqual([1, 2]);
    expect(collect(['a\nb'], lines({ keepEnds: true }))).toEqual(['a\n', 'b']);
    expect(collect(['a\nb'], lines(undefined))).toEqual(['a', 'b']);
  });
});
