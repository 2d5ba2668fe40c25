import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { FilterError } from '../filter-error.js';
import { encodeText } from './encode-text.js';
import { cuts, splitAt, textWithLoneSurrogates } from './test-text-arbitraries.js';

function concat(chunks: readonly Uint8Array[]): number[] {
  return chunks.flatMap((chunk) => [...chunk]);
}

const utf8 = (text: string) => [...new TextEncoder().encode(text)];

describe('encodeText', () => {
  it('encodes strings as UTF-8', () => {
    const out = collect(['hé', '€'], encodeText());
    expect(out.every((chunk) => chunk instanceof Uint8Array)).toBe(true);
    expect(concat(out)).toEqual([104, 195, 169, 226, 130, 172]);
  });

  it('encodes a surrogate pair split across chunks as the one character it is', () => {
    const smile = '😀';
    const out = collect(['a' + smile[0], smile[1] + 'b'], encodeText());
    expect(concat(out)).toEqual(utf8('a😀b'));
    expect(collect([smile[0]!, smile[1]!], encodeText())).toHaveLength(1);
  });

  it('encodes a lone high surrogate left at the end as U+FFFD, like TextEncoder', () => {
    expect(concat(collect(['x\ud83d'], encodeText()))).toEqual([0x78, 0xef, 0xbf, 0xbd]);
  });

  it('emits nothing for empty chunks', () => {
    expect(collect(['', 'a', ''], encodeText())).toHaveLength(1);
  });

  it('a chunk of the wrong type fails with a TypeError naming encodeText and the chunk type', () => {
    const run = () => collect([new Uint8Array(1) as never], encodeText());
    expect(run).toThrow(new TypeError('encodeText (stage 1 of 1) expects string chunks, got Uint8Array'));
    expect(run).not.toThrow(FilterError);
  });

  it('property: encoding random chunks equals encoding the whole string, lone surrogates included', () => {
    fc.assert(
      fc.property(textWithLoneSurrogates, cuts, (text, positions) => {
        expect(concat(collect(splitAt(text, positions), encodeText()))).toEqual(utf8(text));
      }),
    );
  });
});
