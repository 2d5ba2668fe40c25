import type { Filter } from '../filter.js';
import { assertStringChunk } from '../internal/check-chunk.js';
import { filterOf } from '../internal/recipe.js';
import { SKIP, Stage } from '../internal/stage.js';

/** The line terminators {@link normalizeNewlines} can write. */
export type Newline = '\n' | '\r\n';

/**
 * Rewrites every line terminator (`\n` or `\r\n`, also when split between chunks) as `newline`. Everything
 * else passes through unchanged, including a lone `\r` and an unterminated last line.
 *
 * @default newline `'\n'`
 *
 * @example
 * ```ts
 * collect(['a\nb\r', '\nc'], normalizeNewlines('\r\n')).join(''); // 'a\r\nb\r\nc'
 * ```
 */
export function normalizeNewlines(newline: Newline = '\n'): Filter<string, string> {
  if (newline !== '\n' && newline !== '\r\n') {
    throw new RangeError(`normalizeNewlines(): newline must be '\\n' or '\\r\\n', got ${JSON.stringify(newline)}`);
  }
  const rewrite = newline === '\n' ? toLF : toCRLF;
  return filterOf({
    kind: 'sync',
    name: 'normalizeNewlines',
    create: () => {
      let pendingCR = false;
      return new Stage(
        (chunk) => {
          assertStringChunk(chunk, 'normalizeNewlines');
          let text = pendingCR ? '\r' + chunk : chunk;
          // A trailing \r may be the first half of a \r\n: hold it until the next chunk says.
          pendingCR = text.charCodeAt(text.length - 1) === 13;
          if (pendingCR) text = text.slice(0, -1);
          if (text.indexOf('\n') !== -1) text = rewrite(text);
          return text === '' ? SKIP : text;
        },
        () => (pendingCR ? ['\r'] : undefined),
      );
    },
  });
}

function toLF(text: string): string {
  return text.indexOf('\r\n') === -1 ? text : text.replaceAll('\r\n', '\n');
}

function toCRLF(text: string): string {
  return text.replace(LONE_LF, '\r\n');
}

const LONE_LF = /\r?\n/g;
