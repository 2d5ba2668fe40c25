import { Observable, type Subscriber, type TeardownLogic } from 'rxjs';
import { describeValue } from '@siphon/core/adapter';
import { reportUnhandled } from './internal/report-unhandled.js';

/**
 * An Observable of the values of an iterable or async iterable: a `pull(...)` run, a generator, a
 * `fromEvent` iterator, an array.
 *
 * Each subscription iterates `source` afresh (an iterator that is its own iterable, such as the one `pull`
 * returns, can be iterated only once). A sync iterable is read synchronously, like RxJS's `from`; an async
 * iterable is read one value at a time, and a value goes downstream before the next is asked for.
 *
 * When the subscriber unsubscribes early, the source's `return()` is called at once, even while a
 * `next()` is still pending (RxJS's `from` waits for the next value first, which for a quiet source may
 * never come): a Siphon run then closes its source and runs its cleanups. Whether a pending `next()` ends
 * at once is up to the source; Siphon's iterators end it, an async generator finishes its current step first.
 *
 * @throws TypeError when `source` is neither iterable nor async iterable.
 *
 * @example
 * ```ts
 * const lines$ = toObservable(pull(fromEvent<string>(socket, 'data'), lines()));
 * lines$.pipe(take(3)).subscribe(console.log); // after 3 lines: the run ends, the listener is removed
 * ```
 */
export function toObservable<T>(source: Iterable<T> | AsyncIterable<T>): Observable<T> {
  const ok =
    source !== null &&
    (typeof source === 'object' || typeof source === 'function' || typeof source === 'string') &&
    (typeof (source as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] === 'function' ||
      typeof (source as Partial<Iterable<T>>)[Symbol.iterator] === 'function');
  if (!ok) {
    throw new TypeError(`toObservable(): source must be an Iterable or AsyncIterable, got ${describeValue(source)}`);
  }
  return new Observable<T>((subscriber) =>
    typeof (source as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] === 'function'
      ? readAsync((source as AsyncIterable<T>)[Symbol.asyncIterator](), subscriber)
      : readSync((source as Iterable<T>)[Symbol.iterator](), subscriber),
  );
}

function readSync<T>(iterator: Iterator<T>, subscriber: Subscriber<T>): TeardownLogic {
  for (;;) {
    if (subscriber.closed) {
      closeIterator(iterator);
      return;
    }
    let result: IteratorResult<T>;
    try {
      result = iterator.next();
    } catch (error) {
      subscriber.error(error); // an iterator that threw has closed itself
      return;
    }
    if (result.done === true) {
      subscriber.complete();
      return;
    }
    subscriber.next(result.value);
  }
}

/** Shared by the read loop and the teardown: the first to end the iteration says so. */
interface AsyncReadState {
  finished: boolean;
}

function readAsync<T>(iterator: AsyncIterator<T>, subscriber: Subscriber<T>): TeardownLogic {
  const state: AsyncReadState = { finished: false };
  void readLoop(iterator, subscriber, state);
  return () => {
    if (state.finished) return;
    state.finished = true;
    closeIterator(iterator);
  };
}

async function readLoop<T>(
  iterator: AsyncIterator<T>,
  subscriber: Subscriber<T>,
  state: AsyncReadState,
): Promise<void> {
  try {
    while (!state.finished) {
      const result = await iterator.next();
      if (state.finished) return; // unsubscribed while the read was pending: return() has been called
      if (result.done === true) {
        state.finished = true;
        subscriber.complete();
        return;
      }
      subscriber.next(result.value);
    }
  } catch (error) {
    // After an unsubscribe, a failing read is the source reacting to return(): nobody is waiting for it.
    if (state.finished) return;
    state.finished = true;
    subscriber.error(error);
  }
}

/** Calls `return()`; nobody is left to receive its failure, so that goes where RxJS reports its own. */
function closeIterator(iterator: Iterator<unknown> | AsyncIterator<unknown>): void {
  try {
    const closing = iterator.return?.();
    if (closing !== undefined && typeof (closing as PromiseLike<unknown>).then === 'function') {
      (closing as PromiseLike<unknown>).then(undefined, reportUnhandled);
    }
  } catch (error) {
    reportUnhandled(error);
  }
}
