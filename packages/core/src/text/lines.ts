import type { Filter } from '../filter.js';
import { assertStringChunk } from '../internal/check-chunk.js';
import { filterOf } from '../internal/recipe.js';
import { outputs, SKIP, Stage } from '../internal/stage.js';
import { booleanOption, readOptions } from '../internal/validate.js';

/** Options for {@link lines}. */
export interface LinesOptions {
  /**
   * Keep each line's terminator (`\n` or `\r\n`) on the line, so that `normalizeNewlines` or a writer can
   * still see it.
   * @default false
   */
  readonly keepEnds?: boolean;
}

/**
 * Splits string chunks into lines, however the chunks cut the text. Terminators are `\n` and `\r\n`
 * (also when the `\r` and `\n` arrive in different chunks); a lone `\r` is ordinary content. A final
 * terminator makes no extra empty line, and an unterminated last line is emitted when the input ends.
 *
 * @example
 * ```ts
 * collect(['one\r', '\ntwo\nthr', 'ee'], lines()); // ['one', 'two', 'three']
 * collect(['a\r\nb'], lines({ keepEnds: true })); // ['a\r\n', 'b']
 * ```
 */
export function lines(options?: LinesOptions): Filter<string, string> {
  const keepEnds = booleanOption(readOptions(options, 'lines()'), 'keepEnds', 'lines()') ?? false;
  return filterOf({
    kind: 'sync',
    name: 'lines',
    create: () => {
      let partial = '';
      return new Stage(
        (chunk) => {
          assertStringChunk(chunk, 'lines');
          let newline = chunk.indexOf('\n');
          if (newline === -1) {
            partial += chunk;
            return SKIP;
          }
          const text = partial === '' ? chunk : partial + chunk;
          if (partial !== '') newline += partial.length;
          const found: string[] = [];
          let from = 0;
          do {
            let to = newline;
            if (!keepEnds) {
              if (to > from && text.charCodeAt(to - 1) === 13 /* \r */) to--;
            } else {
              to++;
            }
            found.push(text.slice(from, to));
            from = newline + 1;
            newline = text.indexOf('\n', from);
          } while (newline !== -1);
          partial = text.slice(from);
          return outputs(found);
        },
        {
          end: () => (partial === '' ? undefined : [partial]),
          cleanup: () => {
            partial = '';
          },
          holding: () => partial !== '',
        },
      );
    },
  });
}
