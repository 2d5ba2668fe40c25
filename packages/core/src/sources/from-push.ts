import type { AsyncPullIterator } from '../consume/pull-iterator.js';
import { openPushConsumer, type PushObserver, type Teardown } from '../internal/push/open-push-consumer.js';
import type { Overflow } from '../internal/push/push-settings.js';

export type { PushObserver, Teardown } from '../internal/push/open-push-consumer.js';
export type { Overflow } from '../internal/push/push-settings.js';

/** Options for {@link fromPush}, `fromEvent` and `fromObservable`. */
export interface FromPushOptions {
  /**
   * How many outputs may wait in the buffer for the consumer to pull them. Outputs, not source values:
   * when a pipeline is pulled from the source, it runs as each value arrives, and the buffer holds what
   * it produced. An output handed straight to a waiting `next()` is never counted.
   * @default 1024
   */
  readonly highWaterMark?: number;
  /**
   * What an output arriving at a full buffer does: `'error'` ends the consumer with a `RangeError` after
   * the buffered outputs, `'drop-oldest'` discards the oldest buffered output, `'drop-newest'` the new one.
   * @default 'error'
   */
  readonly overflow?: Overflow;
  /** Aborting it unsubscribes at once, drops the buffer, and rejects a pending `next()` with its reason. */
  readonly signal?: AbortSignal;
}

/** The iterator {@link fromPush} and `fromEvent` return. */
export interface PushIterator<T> extends AsyncPullIterator<T> {
  /** How many outputs are waiting to be pulled. */
  readonly buffered: number;
  /** How many outputs the overflow policy has dropped so far. */
  readonly dropped: number;
}

/**
 * Bridges a push source to an async iterator the consumer pulls from, through a bounded buffer.
 *
 * `subscribe` is called at once with an observer and returns how to unsubscribe. The iterator
 * unsubscribes as soon as it ends: on `return()`/`break`, on abort, when the source errors or completes,
 * on overflow with `'error'`, or when a stage such as `take` finishes. The source holds the iterator
 * only through a waiting `next()` (so a running `for await` loop stays alive); an iterator dropped
 * without being closed is garbage-collected, and then unsubscribes by itself and lets go of its buffer.
 *
 * `pull(fromPush(…), filter)` runs an all-synchronous pipeline as each value arrives, on the source's
 * side: the buffer then holds outputs, and a value the filter drops costs nothing later. Read from the
 * iterator `pull` returns, not from the one it was given.
 *
 * @example
 * ```ts
 * const ticks = fromPush<number>((observer) => {
 *   let n = 0;
 *   const timer = setInterval(() => observer.next(n++), 10);
 *   return () => clearInterval(timer);
 * }, { highWaterMark: 100, overflow: 'drop-oldest' });
 *
 * for await (const tick of ticks) if (tick === 3) break; // unsubscribes: the interval is cleared
 * ```
 */
export function fromPush<T>(
  subscribe: (observer: PushObserver<T>) => Teardown,
  options: FromPushOptions = {},
): PushIterator<T> {
  return openPushConsumer(subscribe, options, 'fromPush()');
}
