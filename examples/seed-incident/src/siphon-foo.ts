import type { EventEmitter } from 'node:events';
import { fromEvent, map, pullBatches, type Filter } from '@siphon/core';

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
 * the run only weakly — so dropping the consumer lets it, and all it collected, be garbage-collected.
 *
 * @example
 * ```ts
 * const foo = new SiphonFoo(hub);
 * hub.emit('data', 'asdf');
 * await foo.update(); // takes in everything the hub sent so far
 * foo.allData(); // 'asdf\n'
 * ```
 */
export class SiphonFoo {
  private readonly filtered: AsyncIterator<readonly string[]>;
  private readonly filteredData: string[] = [];

  constructor(hub: EventEmitter, options: SiphonFooOptions = {}) {
    this.filtered = pullBatches(fromEvent<string>(hub, 'data'), options.dosMode === true ? addCRLF : addLF);
  }

  /**
   * Takes in what the hub has sent since the last call, filtered, in one batch. Waits for data if none
   * has arrived: a consumer waiting for data is in use, and stays alive.
   */
  async update(): Promise<void> {
    const batch = await this.filtered.next();
    if (batch.done !== true) this.filteredData.push(...batch.value);
  }

  /** Everything collected so far, joined. */
  allData(): string {
    return this.filteredData.join('');
  }
}
