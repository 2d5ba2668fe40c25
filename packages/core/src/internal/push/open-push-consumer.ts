import { describeValue } from '../describe.js';
import { assertFunction } from '../validate.js';
import { PushConsumer, releaseWhenDropped } from './push-consumer.js';
import { readPushOptions } from './push-settings.js';
import { PushSink, type SinkOwner } from './push-sink.js';

/** What a push source is given to deliver to: values, then at most one `error` or `complete`. */
export interface PushObserver<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
  /**
   * True once the consumer wants nothing more (it closed, failed, overflowed with `'error'`, or a stage
   * such as `take` finished). A synchronous producer that loops inside `subscribe` checks it to stop
   * before `subscribe` has returned its teardown.
   */
  readonly closed: boolean;
}

/** What a subscribe function may return to undo the subscription. */
export type Teardown = (() => void) | { unsubscribe(): void } | void;

/** The teardown a subscribe function returned, called once when the sink leaves its source. */
class TeardownOwner implements SinkOwner {
  constructor(private teardown: (() => void) | undefined) {}

  remove(): void {
    const teardown = this.teardown;
    this.teardown = undefined;
    teardown?.();
  }
}

/**
 * Subscribes a new consumer to a push source: the shared body of `fromPush`, `fromObservable` and any
 * adapter's push bridge. `caller` is the function the user called, named in every error.
 */
export function openPushConsumer<T>(
  subscribe: (observer: PushObserver<T>) => Teardown,
  options: unknown,
  caller: string,
): PushConsumer<T> {
  assertFunction(subscribe, caller, 'subscribe');
  const { settings, signal } = readPushOptions(options, caller);
  const sink = new PushSink(settings);
  const consumer = new PushConsumer<T>(sink);
  releaseWhenDropped(consumer, new WeakRef(sink));
  if (signal?.aborted === true) {
    sink.abortWith(signal.reason);
    return consumer;
  }
  if (signal !== undefined) watchSignal(sink, signal);
  let teardown: unknown;
  try {
    teardown = subscribe(observerFor<T>(sink));
  } catch (error) {
    sink.close();
    throw error;
  }
  const unsubscribe = toUnsubscribe(teardown, caller);
  // The source may have completed or failed, or the consumer overflowed, while subscribing.
  if (sink.detached) unsubscribe?.();
  else sink.owner = new TeardownOwner(unsubscribe);
  return consumer;
}

/** Aborting `signal` ends the consumer at once. The listener holds the sink, never the iterator. */
export function watchSignal(sink: PushSink, signal: AbortSignal): void {
  const listener = (): void => sink.abortWith(signal.reason);
  sink.abort = { signal, listener };
  signal.addEventListener('abort', listener, { once: true });
}

// Built apart from the iterator: the observer the source keeps closes over nothing but the sink.
function observerFor<T>(sink: PushSink): PushObserver<T> {
  return {
    next: (value) => sink.deliver(value),
    error: (error) => sink.fail(error),
    complete: () => sink.complete(),
    get closed() {
      return sink.detached;
    },
  };
}

function toUnsubscribe(teardown: unknown, caller: string): (() => void) | undefined {
  if (teardown === undefined || teardown === null) return undefined;
  if (typeof teardown === 'function') return () => void teardown();
  if (typeof (teardown as { unsubscribe?: unknown }).unsubscribe === 'function') {
    return () => (teardown as { unsubscribe(): void }).unsubscribe();
  }
  throw new TypeError(
    `${caller}: subscribe must return a function, an object with unsubscribe(), or nothing; got ${describeValue(teardown)}`,
  );
}
