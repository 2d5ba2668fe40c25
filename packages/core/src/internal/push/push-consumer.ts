import { kBatches, type BatchSource } from '../batch-protocol.js';
import { asyncDisposeSymbol } from '../close.js';
import { DONE } from '../done.js';
import type { HubSeat } from './event-hub.js';
import type { PushSink } from './push-sink.js';

/** What a finalizer holds to find a dropped consumer's sink: a `WeakRef` to it, or its seat in a hub. */
type DropHandle = WeakRef<PushSink> | HubSeat;

let finalizers: FinalizationRegistry<DropHandle> | undefined;

/**
 * Lets go of `sink` once `consumer` is collected without being closed. The registry is made on first
 * use, so importing core creates nothing (bundlers keep a module-level registry). Registered without an
 * unregister token (a closed sink's callback finds nothing to do): a token made registering cost about
 * twice as much.
 *
 * `handle` must not hold the sink strongly. A registry keeps what it holds for a target alive for ever,
 * and a sink with a waiting read reaches its consumer (the read's promise resumes the consumer's loop):
 * a sink held strongly here kept every `for await` loop whose hub was dropped while it waited, and the
 * hub with it.
 */
export function releaseWhenDropped(consumer: object, handle: DropHandle): void {
  finalizers ??= new FinalizationRegistry((dropped: DropHandle) => {
    if (dropped instanceof WeakRef) dropped.deref()?.abandon();
    else dropped.abandon();
  });
  finalizers.register(consumer, handle);
}

/**
 * The iterator a push bridge returns, and that `pull`/`pullBatches` return when they take one over.
 * It only holds its sink; the source holds the sink, never this. See {@link PushSink}.
 */
export class PushConsumer<T> implements AsyncIterableIterator<T, undefined>, AsyncDisposable, BatchSource<T> {
  /** The one who makes it also calls {@link releaseWhenDropped} for it, with what finds its sink. */
  constructor(readonly sink: PushSink) {}

  get buffered(): number {
    return this.sink.buffered;
  }

  get dropped(): number {
    return this.sink.dropped;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    return this.sink.next() as Promise<IteratorResult<T, undefined>>;
  }

  return(): Promise<IteratorResult<T, undefined>> {
    try {
      this.sink.close();
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve(DONE);
  }

  drain(): readonly T[] {
    return this.sink.drain() as readonly T[];
  }

  async [asyncDisposeSymbol](): Promise<void> {
    await this.return();
  }

  /**
   * For hosts that read a source in batches. The iterator holds this consumer, so a host reading through
   * it keeps the consumer (and its subscription) alive however the caller dropped its own reference.
   */
  [kBatches](): AsyncIterator<readonly T[], undefined, undefined> {
    this.sink.batches = 'host';
    return {
      next: () => this.sink.next() as Promise<IteratorResult<readonly T[], undefined>>,
      return: () => this.return() as Promise<IteratorReturnResult<undefined>>,
    };
  }
}
