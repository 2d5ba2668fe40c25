/** What a naive filter hands its output to: the consumer's own method, bound to the consumer. */
export type Callback = (data: string) => void;

/**
 * The base class of the callback-filter design Siphon replaces, ported from the incident: a filter is
 * constructed with the consumer's callback, keeps it, and calls it with every output.
 *
 * Keeping the callback is the whole problem. The consumer passes `this.theCallback.bind(this)`, so the
 * filter now holds the consumer: consumer → filter → bound callback → consumer. That cycle alone is
 * collectable in JavaScript, but whatever long-lived thing holds the filter (an event hub's listener
 * list, a socket, a cache) now also holds the consumer and every piece of data it buffered.
 *
 * Subclasses transform the data, then call `super.update()` with the result.
 *
 * @example
 * ```ts
 * class Upper extends Filter {
 *   override update(data: string): void {
 *     super.update(data.toUpperCase());
 *   }
 * }
 * const out: string[] = [];
 * new Upper((data) => out.push(data)).update('hi'); // out: ['HI']
 * ```
 */
export class Filter {
  // A plain property, not `#callback`: heap snapshots then name the edge `callback` in retainer paths.
  private readonly callback: Callback;

  constructor(callback: Callback) {
    if (typeof callback !== 'function') {
      throw new TypeError(`${new.target.name}: callback must be a function, got ${typeof callback}`);
    }
    this.callback = callback;
  }

  /** Hands `data` to the callback. Subclasses override it, transform, and call `super.update()`. */
  update(data: string): void {
    this.callback(data);
  }
}
