import { kBatches, type BatchSource } from '../batch-protocol.js';
import { DONE } from '../done.js';

/** A written chunk the run has not taken yet, and how to tell its writer when it does. */
interface Written {
  readonly chunk: unknown;
  readonly taken: () => void;
}

/**
 * The source a fed run's async host reads: what the host's writes put in, handed over as one batch per
 * read. A write's promise settles when the run takes its chunk, so a host that waits for it (a Node or
 * web stream) keeps the queueing in its own buffer, where its strategies see it; a host that does not
 * (RxJS, which has no backpressure) queues here without bound, as `concatMap` does.
 */
export class InputQueue implements BatchSource<unknown>, AsyncIterable<unknown> {
  private written: Written[] = [];
  private waiting: ((result: IteratorResult<readonly unknown[], undefined> | Promise<never>) => void) | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;

  write(chunk: unknown): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((taken) => {
      this.written.push({ chunk, taken });
      this.wake();
    });
  }

  /** No more input: the run sees its source end after the chunks written so far (or fail, with `error`). */
  end(failure?: { error: unknown }): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    this.wake();
  }

  /** The run stopped reading: pending writes settle, later ones settle at once. */
  close(): void {
    this.ended = true;
    this.failure = undefined;
    const written = this.written;
    this.written = [];
    for (const { taken } of written) taken();
    this.wake();
  }

  [kBatches](): AsyncIterator<readonly unknown[], undefined, undefined> {
    return {
      next: () => this.nextBatch(),
      return: () => {
        this.close();
        return Promise.resolve(DONE);
      },
    };
  }

  async *[Symbol.asyncIterator](): AsyncIterator<unknown> {
    for (;;) {
      const result = await this.nextBatch();
      if (result.done === true) return;
      yield* result.value;
    }
  }

  private nextBatch(): Promise<IteratorResult<readonly unknown[], undefined>> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.wake();
    });
  }

  private wake(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    const written = this.written;
    if (written.length > 0) {
      this.waiting = undefined;
      this.written = [];
      const batch = written.map(({ chunk, taken }) => {
        taken();
        return chunk;
      });
      waiting({ value: batch, done: false });
      return;
    }
    if (!this.ended) return;
    this.waiting = undefined;
    const failure = this.failure;
    this.failure = undefined;
    waiting(failure === undefined ? DONE : Promise.reject(failure.error));
  }
}
