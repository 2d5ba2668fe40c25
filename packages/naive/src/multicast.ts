import type { Callback } from './filter.js';

/**
 * How one naive filter instance is shared by many consumers: the filter is built once (say, a
 * module-level constant) with `multicast.callback`, and each consumer subscribes its own bound method.
 * It is the shape of `readline.Interface` or any shared parser that emits to listeners.
 *
 * The shared filter holds the multicast, which holds every subscribed callback, which holds its
 * consumer: a consumer that does not unsubscribe lives as long as the shared filter, which is for ever.
 *
 * @example
 * ```ts
 * const lineEvents = new Multicast();
 * const sharedSplitter = new LineSplitter(lineEvents.callback);
 *
 * const seen: string[] = [];
 * const unsubscribe = lineEvents.subscribe((line) => seen.push(line));
 * sharedSplitter.update('a\nb\n'); // seen: ['a', 'b']
 * unsubscribe();
 * ```
 */
export class Multicast {
  private readonly callbacks = new Set<Callback>();

  /** Give this to the shared filter: it calls every subscribed callback with `data`. */
  readonly callback: Callback = (data) => {
    for (const callback of this.callbacks) callback(data);
  };

  /** How many callbacks are subscribed. */
  get size(): number {
    return this.callbacks.size;
  }

  /** Adds `callback`; the returned function removes it. */
  subscribe(callback: Callback): () => void {
    if (typeof callback !== 'function') {
      throw new TypeError(`Multicast.subscribe(): callback must be a function, got ${typeof callback}`);
    }
    this.callbacks.add(callback);
    return () => void this.callbacks.delete(callback);
  }
}
