const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The source an async pipeline pulls from inside a transform: `_transform` offers one written chunk at a
 * time, and that write's callback runs only when the pipeline takes the chunk. The stream's writable
 * buffer is therefore the only queue, and backpressure reaches the writer unchanged.
 *
 * The feed holds a chunk's callback until the pipeline takes it, and the pipeline's waiting `next()`
 * until a chunk arrives; it never holds the stream's consumer.
 */
export class ChunkFeed implements AsyncIterableIterator<unknown> {
  private chunk: unknown = undefined;
  /** The callback of the written chunk the pipeline has not taken yet. */
  private ack: (() => void) | undefined;
  private waiter: ((result: IteratorResult<unknown, undefined>) => void) | undefined;
  private state: 'open' | 'ended' | 'closed' = 'open';

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Hands `chunk` to the pipeline; `ack` runs once it is taken, or at once when the run takes no more. */
  offer(chunk: unknown, ack: () => void): void {
    if (this.state !== 'open') {
      // The run has finished (a stage such as `take` is done): the rest of the input is dropped.
      ack();
      return;
    }
    const waiter = this.waiter;
    if (waiter !== undefined) {
      this.waiter = undefined;
      waiter({ value: chunk, done: false });
      ack();
      return;
    }
    this.chunk = chunk;
    this.ack = ack;
  }

  /** The writer has ended: the pipeline sees the end of its source after the last offered chunk. */
  end(): void {
    if (this.state !== 'open') return;
    this.state = 'ended';
    // A waiting `next()` means no chunk is pending: tell it the source is over.
    this.wakeDone();
  }

  next(): Promise<IteratorResult<unknown, undefined>> {
    const ack = this.ack;
    if (ack !== undefined) {
      const chunk = this.chunk;
      this.chunk = undefined;
      this.ack = undefined;
      ack();
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.state !== 'open') return Promise.resolve(DONE);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** The pipeline stops reading (its run ended early, failed or was closed). */
  return(): Promise<IteratorResult<unknown, undefined>> {
    this.state = 'closed';
    const ack = this.ack;
    this.chunk = undefined;
    this.ack = undefined;
    ack?.();
    this.wakeDone();
    return Promise.resolve(DONE);
  }

  private wakeDone(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(DONE);
  }
}
