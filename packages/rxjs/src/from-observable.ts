import type { FromPushOptions, PushIterator, PushObserver, Teardown } from '@siphon/core';
import { describeValue, openPushIterator } from '@siphon/core/adapter';
import { Subscription, type Observable, type Observer, type Subscribable } from 'rxjs';

/**
 * Options for {@link fromObservable}: the core `fromPush` bridge's. `highWaterMark` (default 1024) bounds
 * the buffer; `overflow` (default `'error'`) says what a value arriving at a full buffer does; aborting
 * `signal` unsubscribes at once.
 *
 * @example
 * ```ts
 * const options: FromObservableOptions = { highWaterMark: 100, overflow: 'drop-oldest', signal: AbortSignal.timeout(5000) };
 * ```
 */
export interface FromObservableOptions extends FromPushOptions {}

/**
 * Pulls the values of any Observable (hot or cold, RxJS or anything with `subscribe`) as an async
 * iterator, through the core's bounded push→pull buffer: `for await`, or `pull(fromObservable(obs), filter)`.
 *
 * It subscribes at once. The observable's values wait in a buffer of at most `highWaterMark`; a value
 * arriving at a full buffer fails the iterator with a `RangeError` (after the buffered values), or drops
 * the oldest or the newest value, as `overflow` says, and `dropped` counts what was dropped. The
 * observable's `complete` ends the iteration and its `error` is thrown, both after the buffered values.
 *
 * `break`, `return()` and aborting `signal` unsubscribe at once. The observable holds the iterator only
 * weakly unless a `next()` is waiting, so an iterator dropped without being closed is garbage-collected,
 * with everything it buffered, and then unsubscribes by itself: a long-lived `Subject` never keeps a
 * consumer that is gone.
 *
 * @throws TypeError when `observable` has no `subscribe` method, or an option has the wrong type.
 * @throws RangeError when `highWaterMark` or `overflow` is out of range.
 *
 * @example
 * ```ts
 * for await (const line of pull(fromObservable(messages$, { highWaterMark: 256 }), lines())) {
 *   if (line === 'QUIT') break; // unsubscribes from messages$ at once
 *   handle(line);
 * }
 * ```
 */
export function fromObservable<T>(
  // `Observable<T>` first: its overloaded `subscribe` alone would leave `T` to be inferred as `unknown`.
  observable: Observable<T> | Subscribable<T>,
  options: FromObservableOptions = {},
): PushIterator<T> {
  if (
    (typeof observable !== 'object' && typeof observable !== 'function') ||
    observable === null ||
    typeof (observable as Partial<Subscribable<T>>).subscribe !== 'function'
  ) {
    throw new TypeError(
      `fromObservable(): observable must be an Observable (an object with subscribe()), got ${describeValue(observable)}`,
    );
  }
  return openPushIterator<T>(subscribeTo(observable), options, 'fromObservable()');
}

// Built apart from the iterator: what the observable keeps closes over nothing but the core's observer.
function subscribeTo<T>(observable: Subscribable<T>): (observer: PushObserver<T>) => Teardown {
  return (observer) => {
    const subscriber = new BridgeSubscriber(observer);
    // An RxJS Observable returns the subscriber itself; another Subscribable, its own subscription.
    subscriber.add(observable.subscribe(subscriber));
    return subscriber;
  };
}

/**
 * The subscriber the observable is given. A `Subscription` that is also an `Observer`, which RxJS
 * subscribes as it is, so a synchronous producer looping inside `subscribe` sees it close the moment the
 * consumer is done (an overflow with `'error'`, a `take` finished, `return()` from a handler) and stops,
 * before `subscribe` has returned anything to unsubscribe.
 */
class BridgeSubscriber<T> extends Subscription implements Observer<T> {
  constructor(private readonly observer: PushObserver<T>) {
    super();
  }

  next(value: T): void {
    if (this.closed) return;
    this.observer.next(value);
    if (this.observer.closed) this.unsubscribe();
  }

  error(error: unknown): void {
    if (this.closed) return;
    this.observer.error(error);
    this.unsubscribe();
  }

  complete(): void {
    if (this.closed) return;
    this.observer.complete();
    this.unsubscribe();
  }
}
