import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { start } from '../consume/start.js';
import { FilterError } from '../filter-error.js';
import { normalizeNewlines, type Newline } from './normalize-newlines.js';
import { cuts, splitAt, trickyText } from './test-text-arbitraries.js';

const reference = (text: string, newline: Newline) => text.replace(/\r?\n/g, newline);

describe('normalizeNewlines', () => {
  it("turns every terminator into '\\n' by default", () => {
    expect(collect(['a\r\nb\nc\r', '\nd'], normalizeNewlines()).join('')).toBe('a\nb\nc\nd');
  });

  it("turns every terminator into '\\r\\n'", () => {
    expect(collect(['a\nb\r', '\nc\r\n'], normalizeNewlines('\r\n')).join('')).toBe('a\r\nb\r\nc\r\n');
  });

  it('leaves a lone \\r and an unterminated last line unchanged', () => {
    expect(collect(['a\rb', '\r'], normalizeNewlines('\r\n')).join('')).toBe('a\rb\r');
    expect(collect(['x\r', 'y'], normalizeNewlines()).join('')).toBe('x\ry');
  });

  it('holds a trailing \\r back until the next chunk shows what it is', () => {
    const stepper = start(normalizeNewlines('\n'));
    expect(stepper.push('a\r')).toEqual(['a']);
    expect(stepper.push('\nb')).toEqual(['\nb']);
    expect(stepper.push('\r')).toEqual([]);
    expect(stepper.end()).toEqual(['\r']);
  });

  it('a chunk of the wrong type fails with a TypeError naming normalizeNewlines and the chunk type', () => {
    const run = () => collect([5 as never], normalizeNewlines());
    expect(run).toThrow(new TypeError('normalizeNewlines (stage 1 of 1) expects string chunks, got number'));
    expect(run).not.toThrow(FilterError);
  });

  it('rejects any other newline', () => {
    expect(() => normalizeNewlines('\r' as never)).toThrow(RangeError);
    expect(() => normalizeNewlines('\r' as never)).toThrow(/normalizeNewlines\(\): newline must be/);
  });

  it('property: over random chunks equals the replacement over the whole text, for both newlines', () => {
    fc.assert(
      fc.property(trickyText, cuts, fc.constantFrom<Newline>('\n', '\r\n'), (text, positions, newline) => {
        expect(collect(splitAt(text, positions), normalizeNewlines(newline)).join('')).toBe(reference(text, newline));
      }),
    );
  });
});
