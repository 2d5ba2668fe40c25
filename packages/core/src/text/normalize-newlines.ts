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
        { end: () => (pendingCR ? ['\r'] : undefined), atMostOne: true },
      );
    },
  });
}

function toLF(text: string): string {
  return text.indexOf('\r\n') === -1 ? text : text.replaceAll('\r\n', '\n');
}

function toCRLF(text: string): string {
  // A scan rather than /\r?\n/g: a chunk is usually one line from `lines({ keepEnds: true })`, and the
  // regular expression's setup cost more than the whole rewrite of such a line.
  let rewritten = '';
  let from = 0;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
    if (newline > 0 && text.charCodeAt(newline - 1) === 13 /* \r */) continue;
    rewritten += text.slice(from, newline) + '\r\n';
    from = newline + 1;
  }
  return from === 0 ? text : rewritten + text.slice(from);
}
