const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The source an async pipeline pulls from inside a transform stream: `transform` offers one chunk at a
 * time, and the offer settles once the pipeline has taken it. Holding a single chunk keeps the queueing
 * where the stream's strategies can see it (in the writable side's queue), not in here.
 */
export class Feed<T> implements AsyncIterableIterator<T> {
  private offered: { readonly chunk: T; readonly taken: () => void } | undefined;
  private waiting: ((result: IteratorResult<T, undefined>) => void) | undefined;
  private open = true;

  /** Offers a chunk; resolves when the pipeline takes it, or when the feed closes (the chunk is then dropped). */
  offer(chunk: T): Promise<void> {
    if (!this.open) return Promise.resolve();
    const waiting = this.waiting;
    if (waiting !== undefined) {
      this.waiting = undefined;
      waiting({ value: chunk, done: false });
      return Promise.resolve();
    }
    return new Promise((taken) => {
      this.offered = { chunk, taken };
    });
  }

  /** Ends the input: the pipeline sees the source end, or stops early. Settles a pending offer. */
  close(): void {
    this.open = false;
    const offered = this.offered;
    this.offered = undefined;
    offered?.taken();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const offered = this.offered;
    if (offered !== undefined) {
      this.offered = undefined;
      offered.taken();
      return Promise.resolve({ value: offered.chunk, done: false });
    }
    if (!this.open) return Promise.resolve(DONE);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.close();
    return Promise.resolve(DONE);
  }
}
