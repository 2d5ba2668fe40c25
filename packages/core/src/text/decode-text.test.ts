import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { pull } from '../consume/pull.js';
import { FilterError } from '../filter-error.js';
import { decodeText } from './decode-text.js';
import { cuts, splitAt, trickyText } from './test-text-arbitraries.js';

const encode = (text: string) => new TextEncoder().encode(text);

function failure(run: () => unknown): FilterError {
  try {
    run();
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error('expected a FilterError');
}

describe('decodeText', () => {
  it('decodes a multi-byte character split across chunks at every position', () => {
    const bytes = encode('a€😀b'); // 1 + 3 + 4 + 1 bytes
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        const chunks = [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
        expect(collect(chunks, decodeText()).join('')).toBe('a€😀b');
      }
    }
  });

  it('emits nothing for a chunk that completes no character', () => {
    const euro = encode('€');
    expect(collect([euro.subarray(0, 1), euro.subarray(1, 2), euro.subarray(2)], decodeText())).toEqual(['€']);
  });

  it('accepts any ArrayBufferView or an ArrayBuffer', () => {
    const bytes = encode('hé');
    expect(collect([bytes.buffer.slice(0, 2), new DataView(bytes.buffer, 2)], decodeText())).toEqual(['h', 'é']);
    expect(collect([Buffer.from('node')], decodeText())).toEqual(['node']);
  });

  it('writes U+FFFD for malformed and for truncated input by default', () => {
    expect(collect([new Uint8Array([0x61, 0xff, 0x62])], decodeText()).join('')).toBe('a\ufffdb');
    expect(collect([encode('€').subarray(0, 2)], decodeText()).join('')).toBe('\ufffd');
  });

  it('with fatal, fails on malformed input and on a character cut off by the end', () => {
    const malformed = failure(() => collect([new Uint8Array([0x61, 0xff])], decodeText('utf-8', { fatal: true })));
    expect(malformed).toMatchObject({ filter: 'decodeText', stage: 1 });
    expect(malformed.cause).toBeInstanceOf(TypeError);
    const truncated = failure(() => collect([encode('€').subarray(0, 2)], decodeText('utf-8', { fatal: true })));
    expect(truncated.cause).toBeInstanceOf(TypeError);
  });

  it('drops a leading BOM unless ignoreBOM is set', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, 0x61]);
    expect(collect([withBom], decodeText()).join('')).toBe('a');
    expect(collect([withBom], decodeText('utf-8', { ignoreBOM: true })).join('')).toBe('\ufeffa');
  });

  it('decodes other encodings, keeping a split UTF-16 code unit', () => {
    const le = new Uint8Array([0x68, 0x00, 0xe9, 0x00]); // 'hé' in UTF-16LE
    expect(collect([le.subarray(0, 3), le.subarray(3)], decodeText('utf-16le')).join('')).toBe('hé');
  });

  it('keeps decoder state per run: two runs interleaved do not mix their partial characters', () => {
    const decode = decodeText();
    const euro = encode('€');
    const smile = encode('😀');
    const a = pull([euro.subarray(0, 1), euro.subarray(1)], decode);
    const b = pull([smile.subarray(0, 2), smile.subarray(2)], decode);
    expect([a.next().value, b.next().value]).toEqual(['€', '😀']);
  });

  it('a chunk of the wrong type fails with a TypeError naming decodeText and the chunk type', () => {
    for (const [chunk, type] of [
      ['text', 'string'],
      [42, 'number'],
      [null, 'null'],
      [[1, 2], 'Array'],
    ] as const) {
      expect(() => collect([chunk as never], decodeText())).toThrow(
        new TypeError(`decodeText (stage 1 of 1) expects Uint8Array chunks, got ${type}`),
      );
    }
  });

  it('rejects an unknown encoding at construction', () => {
    expect(() => decodeText('klingon')).toThrow(RangeError);
    expect(() => decodeText('klingon')).toThrow(/decodeText\(\): unsupported encoding "klingon"/);
  });

  it('property: decoding random chunks equals decoding the whole input (valid UTF-8)', () => {
    fc.assert(
      fc.property(trickyText, cuts, (text, positions) => {
        const bytes = encode(text);
        expect(collect(splitAt(bytes, positions), decodeText()).join('')).toBe(text);
      }),
    );
  });

  it('property: decoding random chunks equals decoding the whole input (any bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), cuts, (bytes, positions) => {
        const whole = new TextDecoder().decode(bytes);
        expect(collect(splitAt(bytes, positions), decodeText()).join('')).toBe(whole);
      }),
    );
  });
});
