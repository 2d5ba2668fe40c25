/** The most chunks one batch takes, so a source that always has more ready cannot starve the consumer. */
const MAX_BATCH = 1024;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * Reads a ReadableStream in batches: each `next()` waits for one chunk, then takes every further chunk
 * the stream already has queued (a read that settles within the same turn), up to {@link MAX_BATCH}. The
 * reader is acquired on the first `next()`. `return()` cancels the stream and releases the lock; the end
 * of the stream and its errors release the lock too.
 */
export class ReaderBatches<T> implements AsyncIterableIterator<readonly T[]> {
  private reader: ReadableStreamDefaultReader<T> | undefined;
  /** A read that had not settled when the last batch was handed out: the first chunk of the next one. */
  private pending: Promise<ReadableStreamReadResult<T>> | undefined;
  private finished = false;

  constructor(private stream: ReadableStream<T> | undefined) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<readonly T[], undefined>> {
    if (this.finished) return DONE;
    const reader = this.reader ?? this.open();
    const batch: T[] = [];
    try {
      let read = this.pending ?? reader.read();
      this.pending = undefined;
      for (;;) {
        const result = await read;
        if (result.done) {
          this.release();
          return batch.length > 0 ? { value: batch, done: false } : DONE;
        }
        batch.push(result.value);
        if (batch.length >= MAX_BATCH) break;
        read = reader.read();
        if (!(await settlesAtOnce(read))) {
          this.pending = read;
          break;
        }
      }
    } catch (error) {
      this.release();
      throw error;
    }
    return { value: batch, done: false };
  }

  async return(): Promise<IteratorResult<readonly T[], undefined>> {
    if (this.finished) return DONE;
    const reader = this.reader;
    this.stream = undefined;
    this.finished = true;
    this.reader = undefined;
    this.pending = undefined;
    if (reader !== undefined) {
      try {
        await reader.cancel();
      } finally {
        reader.releaseLock();
      }
    }
    return DONE;
  }

  private open(): ReadableStreamDefaultReader<T> {
    const reader = this.stream!.getReader();
    this.stream = undefined;
    this.reader = reader;
    return reader;
  }

  private release(): void {
    this.finished = true;
    this.pending = undefined;
    this.reader?.releaseLock();
    this.reader = undefined;
  }
}

/**
 * True when `promise` settles (either way) before a job queued after it runs: a read the stream answered
 * from its queue. Reaction jobs run in the order they were queued, so one `await` of a settled value is
 * enough to tell; a pending read stays pending and is kept for later.
 */
async function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  const mark = (): void => {
    settled = true;
  };
  promise.then(mark, mark);
  await undefined;
  return settled;
}
