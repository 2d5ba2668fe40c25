import type { Filter } from '../filter.js';
import { assertStringChunk } from '../internal/check-chunk.js';
import { filterOf } from '../internal/recipe.js';
import { SKIP, Stage } from '../internal/stage.js';

/**
 * Encodes string chunks as UTF-8 bytes. A surrogate pair split across two chunks is encoded as the one
 * character it is; a lone surrogate becomes U+FFFD, as `TextEncoder` does.
 *
 * @example
 * ```ts
 * collect(['hé'], encodeText()); // [Uint8Array [104, 195, 169]]
 * ```
 */
export function encodeText(): Filter<string, Uint8Array> {
  return filterOf({
    kind: 'sync',
    name: 'encodeText',
    create: () => {
      const encoder = new TextEncoder();
      let pendingHigh = '';
      return new Stage(
        (chunk) => {
          assertStringChunk(chunk, 'encodeText');
          let text = pendingHigh === '' ? chunk : pendingHigh + chunk;
          pendingHigh = '';
          const last = text.charCodeAt(text.length - 1);
          if (last >= 0xd800 && last <= 0xdbff) {
            // The low half may arrive in the next chunk.
            pendingHigh = text.slice(-1);
            text = text.slice(0, -1);
          }
          return text === '' ? SKIP : encoder.encode(text);
        },
        { end: () => (pendingHigh === '' ? undefined : [encoder.encode(pendingHigh)]), atMostOne: true },
      );
    },
  });
}
