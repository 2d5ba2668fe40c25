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
          const newline = text.indexOf('\n');
          if (newline !== -1) text = rewrite(text, newline);
          return text === '' ? SKIP : text;
        },
        { end: () => (pendingCR ? ['\r'] : undefined), atMostOne: true, holding: () => pendingCR },
      );
    },
  });
}

/** Rewrites `text`, whose first `\n` is at `newline`, with `\n` terminators. */
function toLF(text: string, newline: number): string {
  const crlf = text.indexOf('\r\n', newline > 0 ? newline - 1 : 0);
  return crlf === -1 ? text : text.replaceAll('\r\n', '\n');
}

/** Rewrites `text`, whose first `\n` is at `newline`, with `\r\n` terminators. */
function toCRLF(text: string, newline: number): string {
  const last = text.length - 1;
  // The usual chunk, a line from `lines({ keepEnds: true })`: one terminator, at its end.
  if (newline === last) {
    const alreadyCRLF = last > 0 && text.charCodeAt(last - 1) === 13; /* \r */
    return alreadyCRLF ? text : text.slice(0, last) + '\r\n';
  }
  // A scan rather than /\r?\n/g: for a few terminators the regular expression's setup costs more.
  let rewritten = '';
  let from = 0;
  for (; newline !== -1; newline = text.indexOf('\n', newline + 1)) {
    if (newline > 0 && text.charCodeAt(newline - 1) === 13) continue;
    rewritten += text.slice(from, newline) + '\r\n';
    from = newline + 1;
  }
  return from === 0 ? text : rewritten + text.slice(from);
}
