import { kBatches, type BatchSource } from '../batch-protocol.js';
import { asyncDisposeSymbol } from '../close.js';
import { DONE } from '../done.js';
import type { PushSink } from './push-sink.js';

let finalizers: FinalizationRegistry<WeakRef<PushSink>> | undefined;

/**
 * Detaches the sinks of consumers collected without being closed. Made on first use, so importing core
 * creates nothing (bundlers keep a module-level registry). Registered without an unregister token (a
 * closed sink's callback finds nothing to do): a token made registering cost about twice as much.
 *
 * The registry holds the sink only weakly. A registry keeps what it holds for a target alive for ever,
 * and a sink with a waiting read reaches its consumer (the read's promise resumes the consumer's loop):
 * a sink held strongly here kept every `for await` loop whose hub was dropped while it waited, and the
 * hub with it.
 */
function registerForCleanup(consumer: object, sink: PushSink): void {
  finalizers ??= new FinalizationRegistry((abandoned: WeakRef<PushSink>) => abandoned.deref()?.abandon());
  finalizers.register(consumer, new WeakRef(sink));
}

/**
 * The iterator a push bridge returns, and that `pull`/`pullBatches` return when they take one over.
 * It only holds its sink; the source holds the sink, never this. See {@link PushSink}.
 */
export class PushConsumer<T> implements AsyncIterableIterator<T, undefined>, AsyncDisposable, BatchSource<T> {
  constructor(readonly sink: PushSink) {
    registerForCleanup(this, sink);
  }

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
