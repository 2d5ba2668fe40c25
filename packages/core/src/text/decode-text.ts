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
      return new Stage(
        (chunk) => {
          if (!ArrayBuffer.isView(chunk) && !(chunk instanceof ArrayBuffer)) {
            throw new ChunkTypeError('decodeText', 'Uint8Array', chunk);
          }
          const text = decoder.decode(chunk, { stream: true });
          return text === '' ? SKIP : text;
        },
        {
          end: () => {
            const rest = decoder.decode();
            return rest === '' ? undefined : [rest];
          },
          atMostOne: true,
        },
      );
    },
  });
}
