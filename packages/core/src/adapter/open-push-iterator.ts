import type { FromPushOptions, PushIterator, PushObserver, Teardown } from '../sources/from-push.js';
import { openPushConsumer } from '../internal/push/open-push-consumer.js';

/**
 * `fromPush` for adapter authors: the same bounded, weakly held bridge, with `caller` (the function your
 * user called, e.g. `'fromObservable()'`) named in every error it reports, option errors included.
 * `pull` over the iterator takes it over as it takes over `fromPush`'s.
 *
 * @example
 * ```ts
 * export function fromSignal<T>(signal: Signal<T>, options?: FromPushOptions): PushIterator<T> {
 *   return openPushIterator((observer) => signal.watch((value) => observer.next(value)), options, 'fromSignal()');
 * }
 * ```
 */
export function openPushIterator<T>(
  subscribe: (observer: PushObserver<T>) => Teardown,
  options: FromPushOptions | undefined,
  caller: string,
): PushIterator<T> {
  return openPushConsumer(subscribe, options, caller);
}
