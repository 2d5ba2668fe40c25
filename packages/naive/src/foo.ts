import { AddCRLF } from './add-crlf.js';
import { AddLF } from './add-lf.js';
import type { Filter } from './filter.js';

/** Options for {@link Foo}. */
export interface FooOptions {
  /**
   * End every chunk with `'\r\n'` (through `AddCRLF`) instead of `'\n'` (through `AddLF`).
   * @default false
   */
  readonly dosMode?: boolean;
}

/**
 * The incident's consumer, ported as written: it builds its filter with its own bound method as the
 * callback, hands every chunk it receives to that filter, and collects what the filter calls back with.
 *
 * `new AddLF(this.theCallback.bind(this))` is the back-reference: the filter now holds a function that
 * holds this consumer, and with it `filteredData`, which grows with every chunk. Anything that keeps the
 * filter keeps all of it (see {@link attach}).
 *
 * @example
 * ```ts
 * const foo = new Foo();
 * foo.update('asdf');
 * foo.update('jkl;');
 * foo.allData(); // 'asdf\njkl;\n'
 * ```
 */
export class Foo {
  /** The filter this consumer feeds, and the input end a source is wired to. */
  readonly filter: Filter;
  private readonly filteredData: string[] = [];

  constructor(options: FooOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`Foo: options must be an object, got ${options === null ? 'null' : typeof options}`);
    }
    const callback = this.theCallback.bind(this);
    this.filter = options.dosMode === true ? new AddCRLF(callback) : new AddLF(callback);
  }

  /** Feeds one chunk through the filter; the filtered result comes back through {@link Foo.theCallback}. */
  update(data: string): void {
    this.filter.update(data);
  }

  /** The filter's callback: collects each filtered chunk. */
  theCallback(data: string): void {
    this.filteredData.push(data);
  }

  /** Everything collected so far, joined. */
  allData(): string {
    return this.filteredData.join('');
  }
}
