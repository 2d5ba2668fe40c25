import type { EventEmitter } from 'node:events';
import { fromEvent, map, pull, type AsyncPullIterator, type Filter } from '@siphon/core';

// The incident's two filters as Siphon filters: recipes that return their output, built once for every
// consumer. They hold no callback, so holding them (here, for ever) keeps no consumer alive.
const addLF: Filter<string, string> = map((data: string) => data + '\n');
const addCRLF: Filter<string, string> = map((data: string) => data + '\r\n');

/** Options for {@link SiphonFoo}. */
export interface SiphonFooOptions {
  /**
   * End every chunk with `'\r\n'` instead of `'\n'`.
   * @default false
   */
  readonly dosMode?: boolean;
}

/**
 * The incident's `Foo`, written with Siphon: it pulls the hub's chunks through its filter instead of
 * handing the filter a callback. References point one way — consumer → run → filter, and the hub holds
 * only the run's buffer, never the consumer — so dropping the consumer lets it, and all it collected, be
 * garbage-collected. The filter runs as each chunk arrives; `allData()` takes what is ready, at once.
 *
 * @example
 * ```ts
 * const foo = new SiphonFoo(hub);
 * hub.emit('data', 'asdf');
 * foo.allData(); // 'asdf\n'
 * ```
 */
export class SiphonFoo {
  private readonly filtered: AsyncPullIterator<string>;
  private readonly filteredData: string[] = [];

  constructor(hub: EventEmitter, options: SiphonFooOptions = {}) {
    this.filtered = pull(fromEvent<string>(hub, 'data'), options.dosMode === true ? addCRLF : addLF);
  }

  /** Everything collected so far, joined: what the filter made from the chunks that have arrived. */
  allData(): string {
    this.filteredData.push(...this.filtered.drain());
    return this.filteredData.join('');
  }
}
