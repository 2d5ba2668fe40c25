import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { start } from '../consume/start.js';
import { FilterError } from '../filter-error.js';
import { map } from '../filters/map.js';
import { pipe } from '../filters/pipe.js';
import { fromBatches } from '../sources/from-batches.js';
import { lines } from './lines.js';
import { cuts, splitAt, trickyText } from './test-text-arbitraries.js';

/** The whole-input reference: split at \n and \r\n; a final terminator adds no empty line. */
function referenceLines(text: string): string[] {
  if (text === '') return [];
  const found = text.split(/\r?\n/);
  if (found[found.length - 1] === '') found.pop();
  return found;
}

function referenceLinesKeepingEnds(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

describe('lines', () => {
  it('splits at \\n and \\r\\n, without the terminators', () => {
    expect(collect(['one\ntwo\r\nthree\n'], lines())).toEqual(['one', 'two', 'three']);
  });

  it('joins a line cut across chunks', () => {
    expect(collect(['on', 'e\ntw', 'o', '\n'], lines())).toEqual(['one', 'two']);
  });

  it('recognises \\r\\n split between two chunks', () => {
    expect(collect(['one\r', '\ntwo'], lines())).toEqual(['one', 'two']);
    expect(collect(['one\r', '', '\n'], lines())).toEqual(['one']);
  });

  it('treats a lone \\r as content, at the end too', () => {
    expect(collect(['a\rb\nc\r'], lines())).toEqual(['a\rb', 'c\r']);
    expect(collect(['a\r', 'b\n'], lines())).toEqual(['a\rb']);
  });

  it('makes no extra empty line for a trailing terminator, but keeps empty lines inside', () => {
    expect(collect(['a\n'], lines())).toEqual(['a']);
    expect(collect(['a\r\n'], lines())).toEqual(['a']);
    expect(collect(['\n\na\n\n'], lines())).toEqual(['', '', 'a', '']);
    expect(collect([''], lines())).toEqual([]);
  });

  it('emits the last unterminated line only at the end', () => {
    const stepper = start(lines());
    expect(stepper.push('a\nb')).toEqual(['a']);
    expect(stepper.push('c')).toEqual([]);
    expect(stepper.end()).toEqual(['bc']);
  });

  it('with keepEnds, keeps each terminator on its line', () => {
    expect(collect(['a\r', '\nb\nc'], lines({ keepEnds: true }))).toEqual(['a\r\n', 'b\n', 'c']);
  });

  it('a chunk of the wrong type fails with a TypeError naming lines, its stage and the chunk type', async () => {
    const wrong = ['ok\n', new Uint8Array(2) as never];
    const message = 'lines (stage 2 of 2) expects string chunks, got Uint8Array';
    const pipeline = pipe(
      map((s: string) => s),
      lines(),
    );
    expect(() => collect(wrong, pipeline)).toThrow(new TypeError(message));
    expect(() => collect(wrong, pipeline)).not.toThrow(FilterError);
    await expect(collect(fromBatches([wrong]), pipeline)).rejects.toThrow(new TypeError(message));
  });

  it('property: lines over random chunks equal lines over the whole text', () => {
    fc.assert(
      fc.property(trickyText, cuts, (text, positions) => {
        expect(collect(splitAt(text, positions), lines())).toEqual(referenceLines(text));
      }),
    );
  });

  it('property: with keepEnds, the lines concatenate back to the input', () => {
    fc.assert(
      fc.property(trickyText, cuts, (text, positions) => {
        const found = collect(splitAt(text, positions), lines({ keepEnds: true }));
        expect(found).toEqual(referenceLinesKeepingEnds(text));
        expect(found.join('')).toBe(text);
      }),
    );
  });
});
