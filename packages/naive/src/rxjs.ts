import type { Observable, Observer, Subscription } from 'rxjs';
import type { Callback } from './filter.js';

/**
 * The incident's filter, RxJS flavour: an `Observer` constructed with the consumer's callback, which it
 * keeps and calls with every output. The consumer subscribes the filter itself to its source
 * (`source.subscribe(this.filter)`), the way a component wires a filter object to a stream.
 *
 * That is where it leaks. A long-lived `Subject` keeps every observer subscribed to it until someone
 * unsubscribes; the observer is this filter; the filter keeps the bound callback; the callback keeps the
 * consumer and every chunk it has collected. A consumer that is simply dropped — as objects in
 * JavaScript usually are — lives as long as the Subject.
 *
 * Subclasses transform the data, then call `super.next()` with the result.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const subject = new Subject<string>();
 * subject.subscribe(new AddLFObserver((data) => out.push(data)));
 * subject.next('asdf'); // out: ['asdf\n'], and the subject now holds `out` for as long as it lives
 * ```
 */
export class FilterObserver implements Observer<string> {
  // A plain property, not `#callback`: heap snapshots then name the edge `callback` in retainer paths.
  private readonly callback: Callback;

  constructor(callback: Callback) {
    if (typeof callback !== 'function') {
      throw new TypeError(`${new.target.name}: callback must be a function, got ${typeof callback}`);
    }
    this.callback = callback;
  }

  /** Hands `data` to the callback. Subclasses override it, transform, and call `super.next()`. */
  next(data: string): void {
    this.callback(data);
  }

  /** Errors are the consumer's business; the design gives it no way to hear of them. */
  error(): void {}

  complete(): void {}
}

/**
 * Appends `'\n'` to every chunk and calls back with the result.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * new AddLFObserver((data) => out.push(data)).next('asdf'); // out: ['asdf\n']
 * ```
 */
export class AddLFObserver extends FilterObserver {
  override next(data: string): void {
    super.next(data + '\n');
  }
}

/**
 * Appends `'\r\n'` to every chunk and calls back with the result.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * new AddCRLFObserver((data) => out.push(data)).next('asdf'); // out: ['asdf\r\n']
 * ```
 */
export class AddCRLFObserver extends FilterObserver {
  override next(data: string): void {
    super.next(data + '\r\n');
  }
}

/** Options for {@link RxFoo}. */
export interface RxFooOptions {
  /**
   * End every chunk with `'\r\n'` (through `AddCRLFObserver`) instead of `'\n'` (through `AddLFObserver`).
   * @default false
   */
  readonly dosMode?: boolean;
}

/**
 * The incident's consumer, RxJS flavour: it builds its filter with its own bound method as the callback
 * and subscribes that filter to the source it is given, usually a long-lived `Subject` or a shared
 * stream. It keeps the subscription so it *could* unsubscribe; nothing makes it, and a consumer that is
 * just dropped stays subscribed.
 *
 * Retained from then on: Subject → its observer list → the filter → the bound `theCallback` → this
 * consumer → `filteredData`, growing with every chunk the Subject emits, for as long as the Subject lives.
 *
 * @example
 * ```ts
 * const messages = new Subject<string>(); // lives as long as the app
 * const foo = new RxFoo(messages);
 * messages.next('asdf');
 * foo.allData(); // 'asdf\n'
 * foo.unsubscribe(); // without this, `foo` and its data live as long as `messages`
 * ```
 */
export class RxFoo {
  /** The filter subscribed to the source. */
  readonly filter: FilterObserver;
  /** The filter's subscription to the source. */
  readonly subscription: Subscription;
  private readonly filteredData: string[] = [];

  constructor(source: Observable<string>, options: RxFooOptions = {}) {
    if (source === null || typeof source !== 'object' || typeof source.subscribe !== 'function') {
      throw new TypeError(`RxFoo: source must be an Observable, got ${source === null ? 'null' : typeof source}`);
    }
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`RxFoo: options must be an object, got ${options === null ? 'null' : typeof options}`);
    }
    const callback = this.theCallback.bind(this);
    this.filter = options.dosMode === true ? new AddCRLFObserver(callback) : new AddLFObserver(callback);
    this.subscription = source.subscribe(this.filter);
  }

  /** The filter's callback: collects each filtered chunk. */
  theCallback(data: string): void {
    this.filteredData.push(data);
  }

  /** Everything collected so far, joined. */
  allData(): string {
    return this.filteredData.join('');
  }

  /** Detaches the filter from the source: the one call that lets this consumer be collected. */
  unsubscribe(): void {
    this.subscription.unsubscribe();
  }
}
