import type { Filter } from '../filter.js';
import { ChunkTypeError } from '../internal/check-chunk.js';
import { filterOf } from '../internal/recipe.js';
import { describeValue } from '../internal/describe.js';
import { SKIP, Stage } from '../internal/stage.js';
import { booleanOption, readOptions } from '../internal/validate.js';
import type { Bytes } from './bytes.js';

/** Options for {@link decodeText}. */
export interface DecodeTextOptions {
  /**
   * Throw on malformed input instead of writing U+FFFD.
   * @default false
   */
  readonly fatal?: boolean;
  /**
   * Keep a leading byte-order mark in the text instead of removing it.
   * @default false
   */
  readonly ignoreBOM?: boolean;
}

/**
 * Decodes binary chunks to text. A character split across two chunks is decoded whole; bytes left
 * incomplete at the end become U+FFFD (or an error, with `fatal`).
 *
 * @param encoding any label `TextDecoder` knows
 * @default encoding `'utf-8'`
 *
 * @example
 * ```ts
 * const euro = new TextEncoder().encode('€'); // 3 bytes
 * collect([euro.subarray(0, 1), euro.subarray(1)], decodeText()); // ['€']
 * ```
 */
export function decodeText(encoding = 'utf-8', options?: DecodeTextOptions): Filter<Bytes, string> {
  if (typeof encoding !== 'string') {
    throw new TypeError(`decodeText(): encoding must be a string, got ${describeValue(encoding)}`);
  }
  const raw = readOptions(options, 'decodeText()');
  const decoderOptions = {
    fatal: booleanOption(raw, 'fatal', 'decodeText()') ?? false,
    ignoreBOM: booleanOption(raw, 'ignoreBOM', 'decodeText()') ?? false,
  };
  try {
    new TextDecoder(encoding, decoderOptions);
  } catch {
    throw new RangeError(`decodeText(): unsupported encoding ${JSON.stringify(encoding)}`);
  }
  return filterOf({
    kind: 'sync',
    name: 'decodeText',
    create: () => {
      const decoder = new TextDecoder(encoding, decoderOptions);
      const tail = new Tail(decoder.encoding === 'utf-8');
      return new Stage(
        (chunk) => {
          if (!ArrayBuffer.isView(chunk) && !(chunk instanceof ArrayBuffer)) {
            throw new ChunkTypeError('decodeText', 'Uint8Array', chunk);
          }
          const text = decoder.decode(chunk, { stream: true });
          tail.track(chunk);
          return text === '' ? SKIP : text;
        },
        {
          end: () => {
            const rest = decoder.decode();
            return rest === '' ? undefined : [rest];
          },
          atMostOne: true,
          holding: () => tail.incomplete,
        },
      );
    },
  });
}

/**
 * Whether the bytes so far end inside a character, which the decoder then holds back. `TextDecoder` does
 * not say, so this reads the last few bytes of each chunk: a handful of reads per chunk, next to a decode
 * that reads them all. Exact for UTF-8; for other encodings it errs towards "incomplete" (a last or
 * second-to-last byte ≥ 0x80, or an odd byte count), which only delays acknowledgements.
 */
class Tail {
  incomplete = false;
  /** Bytes of the unfinished UTF-8 sequence seen so far, and the length it needs. */
  private have = 0;
  private need = 0;
  private odd = false;

  constructor(private readonly utf8: boolean) {}

  track(chunk: ArrayBufferView | ArrayBuffer): void {
    const bytes =
      chunk instanceof Uint8Array
        ? chunk
        : ArrayBuffer.isView(chunk)
          ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
          : new Uint8Array(chunk);
    const n = bytes.length;
    if (n === 0) return;
    if (!this.utf8) {
      this.odd = this.odd !== ((n & 1) === 1);
      this.incomplete = this.odd || bytes[n - 1]! >= 0x80 || (n > 1 && bytes[n - 2]! >= 0x80);
      return;
    }
    for (let k = 1; k <= n && k <= 4; k++) {
      const b = bytes[n - k]!;
      if ((b & 0xc0) === 0x80) continue; // a continuation byte: the sequence began earlier
      const length = b < 0xc0 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      this.set(k < length ? k : 0, length);
      return;
    }
    // Only continuation bytes: they finish or extend the sequence an earlier chunk began, if any.
    if (this.need > 0 && n <= this.need - this.have) this.set(this.have + n, this.need);
    else this.set(0, 0);
  }

  private set(have: number, need: number): void {
    if (have === 0 || have >= need) have = need = 0;
    this.have = have;
    this.need = need;
    this.incomplete = have > 0;
  }
}
