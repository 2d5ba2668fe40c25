import { Filter } from './filter.js';

/**
 * Splits string chunks into lines, however the chunks cut the text, and calls back once per complete
 * line. Terminators are `\n` and `\r\n` (a `\r` and `\n` split across chunks included) and are not
 * passed on, as `lines()` in `@siphon/core` does, so the two designs can be compared output for output.
 * The unterminated rest waits in the filter until more data or {@link LineSplitter.flush}.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const splitter = new LineSplitter((line) => out.push(line));
 * splitter.update('one\r\ntw');
 * splitter.update('o\nthree');
 * splitter.flush(); // out: ['one', 'two', 'three']
 * ```
 */
export class LineSplitter extends Filter {
  private partial = '';

  override update(data: string): void {
    const text = this.partial + data;
    let from = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const end = newline > from && text.charCodeAt(newline - 1) === 13 /* \r */ ? newline - 1 : newline;
      super.update(text.slice(from, end));
      from = newline + 1;
      newline = text.indexOf('\n', from);
    }
    this.partial = text.slice(from);
  }

  /** Calls back with the unterminated rest, if there is one: call it when the input ends. */
  flush(): void {
    const rest = this.partial;
    this.partial = '';
    if (rest !== '') super.update(rest);
  }
}
